"""The pretend Slack workspace `mgrbot shell` runs in: people, channels, and how typing maps
to what Slack would send.

People have names, time zones and a manager, like the directory a real workspace has; the fake
Slack answers `users.info` from it, and the shell shows `<@UKOFI>` as `@kofi`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.devtools.slack_payloads import TEAM
from bot.domain.slack_text import escape

TEAM_ID = TEAM  # what the fake Slack's auth.test answers


def is_dm(channel: str) -> bool:
    """A DM with the bot: Slack posts to a user id (U/W) land in a D… channel."""
    return channel.startswith(("U", "W", "D"))


@dataclass(frozen=True)
class Person:
    handle: str  # what you type: `:as dana`, `@dana`
    user_id: str
    real_name: str
    tz: str
    manager: str | None = None  # another person's handle
    title: str = ""

    @property
    def dm_channel(self) -> str:
        """The id of this person's DM with the bot (a `D…` id, as Slack gives)."""
        return "D" + self.user_id.removeprefix("U")


@dataclass(frozen=True)
class Channel:
    name: str
    channel_id: str
    topic: str = ""
    bot_member: bool = True  # whether the bot was invited (it can post only where it was)


PEOPLE = (
    Person(
        "kofi",
        "UKOFI",
        "Kofi Mensah",
        "Europe/Berlin",
        manager="dana",
        title="Senior Software Engineer",
    ),
    Person("dana", "UDANA", "Dana Whitfield", "America/New_York", title="Engineering Manager"),
    Person("carol", "UCAROL", "Carol Ibáñez", "Europe/London", title="Director of Engineering"),
)
CHANNELS = (
    Channel("team", "CTEAM", "Kofi's team"),
    Channel("random", "CRANDOM", "Anything goes", bot_member=False),
)

# A name ends in a letter or digit: "thanks @dana." mentions dana.
_MENTION = re.compile(r"(?<![\w<@])@([a-z](?:[a-z0-9._-]*[a-z0-9])?)", re.IGNORECASE)
_CHANNEL = re.compile(r"(?<![\w<#])#([a-z](?:[a-z0-9_-]*[a-z0-9])?)", re.IGNORECASE)
_SPECIAL = {"here", "channel", "everyone"}


class Workspace:
    """Who and what exists; looks people and channels up by handle or id."""

    def __init__(
        self, people: tuple[Person, ...] = PEOPLE, channels: tuple[Channel, ...] = CHANNELS
    ) -> None:
        self.people = people
        self.channels = channels

    def person(self, handle_or_id: str) -> Person | None:
        key = handle_or_id.strip().lstrip("@").lower()
        return next(
            (p for p in self.people if key in (p.handle, p.user_id.lower())),
            None,
        )

    def channel(self, name_or_id: str) -> Channel | None:
        key = name_or_id.strip().lstrip("#").lower()
        return next(
            (c for c in self.channels if key in (c.name, c.channel_id.lower())),
            None,
        )

    def user_name(self, user_id: str) -> str:
        person = self.person(user_id)
        return person.handle if person else user_id

    def channel_name(self, channel_id: str) -> str:
        channel = self.channel(channel_id)
        if channel:
            return channel.name
        owner = next((p for p in self.people if p.dm_channel == channel_id), None)
        return f"DM of {owner.handle}" if owner else channel_id

    def users_info(self, person: Person) -> dict[str, object]:
        """What Slack's users.info answers for this person."""
        return {
            "name": person.handle,
            "real_name": person.real_name,
            "profile": {
                "real_name": person.real_name,
                "display_name": person.handle,
                "title": person.title,
            },
        }

    def as_slack_sends(self, typed: str) -> str:
        """Command text as Slack sends it with should_escape on: `&<>` as entities, `@kofi` as
        `<@UKOFI|kofi>`, `#team` as `<#CTEAM|team>`, `@here` as `<!here>`.

        Unknown names stay as typed, as in Slack when nobody by that name exists.
        """
        text = escape(typed)

        def person(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.lower() in _SPECIAL:
                return f"<!{name.lower()}>"
            # By handle only: Slack turns a name into a mention, never a typed `@UKOFI`.
            found = next((p for p in self.people if p.handle == name.lower()), None)
            return f"<@{found.user_id}|{found.handle}>" if found else match.group(0)

        def channel(match: re.Match[str]) -> str:
            name = match.group(1).lower()
            found = next((c for c in self.channels if c.name == name), None)
            return f"<#{found.channel_id}|{found.name}>" if found else match.group(0)

        return _CHANNEL.sub(channel, _MENTION.sub(person, text))
