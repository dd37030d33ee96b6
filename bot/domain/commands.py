"""Parse `/mgr-goal` text into commands. Pure: takes Slack's raw (escaped) text and `today`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from bot.domain.areas import AREA_NAMES, SkillArea, parse_area
from bot.domain.dates import DateParseError, looks_like_date, parse_due, weekday_index
from bot.domain.options import Options, Reading, first_options_after, trailing_options
from bot.domain.slack_text import decode, mention_user_id

_WORD = re.compile(r"<[^<>]*>|\S+")
_OPTION_WORDS = ("from", "area", "due")
_WIN_OPTION_WORDS = ("area", "for", "share")
T = TypeVar("T")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]{1,30})(?:\|[^<>]*)?>$")


class CommandError(ValueError):
    """Bad command text; the message says how to do it right."""


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Setup:
    pass


@dataclass(frozen=True)
class PrepareAsk:
    """`/mgr-goal ready`: the prep for the promotion conversation (anything after it is
    ignored)."""


@dataclass(frozen=True)
class DraftUpdate:
    """`/mgr-goal update`: the monthly update's form (anything typed after it is ignored)."""


@dataclass(frozen=True)
class BuildPacket:
    """`/mgr-goal packet [--since 2026-06-01]`, or `packet options` for the options modal."""

    since: dt.date | None = None
    choose: bool = False


PACKET_HELP = (
    "Try `/mgr-goal packet`, `/mgr-goal packet --since 2026-06-01` or `/mgr-goal packet options`."
)


def parse_packet(rest_raw: str) -> BuildPacket:
    """`packet`, `packet options`, `packet --since 2026-06-01` (also `since 2026-06-01`)."""
    words = rest_raw.split()
    if not words:
        return BuildPacket()
    if len(words) == 1 and words[0].lower() in ("options", "choose"):
        return BuildPacket(choose=True)
    if words[0].lower() in ("--since", "since", "—since"):
        if len(words) != 2:
            raise CommandError(f"`--since` takes one date. {PACKET_HELP}")
        try:
            return BuildPacket(since=dt.date.fromisoformat(words[1]))
        except ValueError:
            raise CommandError(
                f"`{words[1][:20]}` isn't a date I can read: use the form 2026-06-01."
            ) from None
    raise CommandError(f"`{' '.join(words)[:40]}` isn't a packet option. {PACKET_HELP}")


@dataclass(frozen=True)
class ExportData:
    """`/mgr-goal export`: everything stored about the caller, DMed as a file."""


@dataclass(frozen=True)
class ForgetMe:
    """`/mgr-goal forget-me`: the confirm modal for deleting everything about the caller."""


@dataclass(frozen=True)
class ListItems:
    pass


@dataclass(frozen=True)
class AddItem:
    """`text` is None when the modal should open."""

    text: str | None
    asked_by: str | None = None
    area: SkillArea | None = None
    due: dt.date | None = None


@dataclass(frozen=True)
class ItemCommand:
    """done / undo / note / show / edit / remove on item `number`, with optional free text."""

    verb: str
    number: int
    text: str = ""


@dataclass(frozen=True)
class CheckinCommand:
    """checkin (send this week's now) / pause / resume."""

    verb: str


@dataclass(frozen=True)
class Schedule:
    weekday: int
    at: dt.time


@dataclass(frozen=True)
class LogWin:
    """`text` is None when the "Log a win" modal should open."""

    text: str | None
    area: SkillArea | None = None
    item_number: int | None = None
    share: bool = False


@dataclass(frozen=True)
class ListWins:
    pass


@dataclass(frozen=True)
class TeamChannel:
    """`channel_id` None shows the current team channel; `clear` forgets it."""

    channel_id: str | None
    clear: bool = False


@dataclass(frozen=True)
class DigestCommand:
    """digest on [weekday HH:MM] / off / preview / status, run in the channel itself."""

    verb: str
    weekday: int | None = None
    at: dt.time | None = None


@dataclass(frozen=True)
class AskBlurb:
    colleague: str
    about: str


@dataclass(frozen=True)
class BlurbRequests:
    """`blurbs on` / `blurbs off`: whether anyone may ask me for a blurb."""

    accept: bool


@dataclass(frozen=True)
class ManagerCommand:
    """`manager @dana` asks Dana to link; `manager off` unlinks; `manager` alone shows the link."""

    manager: str | None = None
    off: bool = False


@dataclass(frozen=True)
class ForMember:
    """`for @kofi add <text> [area <skill>] [due <date>]`: a manager adds to a member's list.

    `add.text` is None when the form should open; `add.asked_by` is always None (the asker is
    the manager)."""

    member: str
    add: AddItem


@dataclass(frozen=True)
class StakeholderCommand:
    """`stakeholder add @carol [note]`, `stakeholder remove @carol`, `stakeholder ask @carol`;
    `stakeholders` lists (`action` is "list", `user` None)."""

    action: str
    user: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MetCommand:
    """`met @carol [note]`: a conversation with a stakeholder, logged now."""

    user: str
    note: str | None = None


Command = (
    Help
    | Setup
    | ListItems
    | AddItem
    | ItemCommand
    | CheckinCommand
    | Schedule
    | LogWin
    | ListWins
    | TeamChannel
    | DigestCommand
    | AskBlurb
    | BlurbRequests
    | ManagerCommand
    | ForMember
    | StakeholderCommand
    | MetCommand
    | DraftUpdate
    | BuildPacket
    | PrepareAsk
    | ExportData
    | ForgetMe
)


@dataclass(frozen=True)
class _Word:
    raw: str
    start: int


def _words(raw: str) -> list[_Word]:
    return [_Word(match.group(0), match.start()) for match in _WORD.finditer(raw)]


def _option(options: Options, key: str, kind: type[T]) -> T | None:
    """One option's value as read by the option readers, typed."""
    value = options.get(key)
    return value if isinstance(value, kind) else None


def split_verb(raw: str) -> tuple[str, str]:
    """The first word as typed and Slack's raw text after it ("" and "" for no text)."""
    words = _words(raw)
    if not words:
        return "", ""
    rest_raw = raw[words[1].start :] if len(words) > 1 else ""
    return words[0].raw, rest_raw


def parse_checkin(verb: str) -> CheckinCommand:
    """checkin / check-in / pause / resume: anything after the verb is ignored."""
    return CheckinCommand(verb.replace("-", ""))


def parse_blurb(verb: str, rest_raw: str) -> AskBlurb | BlurbRequests:
    """`blurb(s) on|off` switches requests to me; otherwise `blurb @who <about>` asks someone."""
    setting = rest_raw.strip().lower()
    if setting in ("on", "off"):
        return BlurbRequests(accept=setting == "on")
    if verb == "blurbs":
        raise CommandError(BLURBS_HELP)
    return _parse_blurb(rest_raw)


_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
SCHEDULE_HELP = "Try `/mgr-goal schedule monday 09:00` (your local time, 24-hour or 9am)."


def parse_schedule(rest_raw: str) -> Schedule:
    words = decode(rest_raw).split()
    if not words:
        raise CommandError(f"When should your weekly check-in come? {SCHEDULE_HELP}")
    weekday = weekday_index(words[0])
    if weekday is None:
        raise CommandError(f"`{words[0][:20]}` isn't a weekday. {SCHEDULE_HELP}")
    at = parse_clock(" ".join(words[1:]) or "09:00")
    if at is None:
        raise CommandError(f"`{' '.join(words[1:])[:20]}` isn't a time of day. {SCHEDULE_HELP}")
    return Schedule(weekday=weekday, at=at)


WIN_HELP = "Try `/mgr-goal win Ran my first design review area coaching for #2 share`."


def parse_win(rest_raw: str) -> LogWin:
    """`win <text> [area <skill>] [for #<item>] [share]`, options in any order at the end."""
    words = _words(rest_raw)
    if not words:
        return LogWin(text=None)
    raws = [w.raw for w in words]
    options = trailing_options(raws, _win_option_readings, longest=3)
    # Only options (`win area coaching share`): checked first, or `area coaching` became the text.
    if raws[0].lower() in _WIN_OPTION_WORDS and options[0] is not None:
        raise CommandError(f"What was the win? {WIN_HELP}")
    found = first_options_after(options, skip=1)
    if found is not None:
        index, trailing = found
        # `… area cooking share`: the bad area before the good options is an error too.
        _explain_bad_win_option(raws[:index])
        return LogWin(
            text=decode(rest_raw[: words[index].start]).strip(),
            area=_option(trailing, "area", SkillArea),
            item_number=_option(trailing, "item_number", int),
            share=trailing.get("share") is True,
        )
    _explain_bad_win_option(raws)
    return LogWin(text=decode(rest_raw).strip())


def _explain_bad_win_option(raws: list[str]) -> None:
    """When the last `area` / `for` was clearly meant as an option but is wrong, say so."""
    positions = [i for i, w in enumerate(raws) if w.lower() in ("area", "for") and i > 0]
    if positions:
        last = positions[-1]
        value = [w for w in raws[last + 1 :] if w.lower() != "share"]
        shown = decode(" ".join(value))[:60]
        if raws[last].lower() == "area" and 1 <= len(value) <= 2:
            raise CommandError(f"`{shown}` isn't a skill area. Choose one of: {AREA_NAMES}.")
        if raws[last].lower() == "for" and len(value) == 1 and value[0].startswith("#"):
            raise CommandError(
                f"`{shown}` isn't an item number. Use the number from `/mgr-goal list`, like "
                "`for #3`."
            )


def _win_option_readings(words: Sequence[str], start: int) -> Iterator[Reading]:
    """`area x`, `for #n` or `share` at `words[start]`."""
    keyword = words[start].lower()
    if keyword == "share":
        yield "share", True, 1
    elif keyword == "for" and start + 1 < len(words) and words[start + 1].startswith("#"):
        number = parse_item_number(words[start + 1])
        if number is not None:
            yield "item_number", number, 2
    elif keyword == "area":
        yield from _area_readings(words, start)


def _area_readings(words: Sequence[str], start: int) -> Iterator[Reading]:
    """`area coaching` or `area knowledge sharing`, the shorter first."""
    for size in (1, 2):
        if start + size < len(words):
            area = parse_area(" ".join(words[start + 1 : start + size + 1]))
            if area is not None:
                yield "area", area, size + 1


TEAM_HELP = "Try `/mgr-goal team #your-team` (pick the channel from the # autocomplete)."


def parse_team(rest_raw: str) -> TeamChannel:
    words = _words(rest_raw)
    if not words:
        return TeamChannel(channel_id=None)
    if len(words) == 1 and words[0].raw.lower() in ("off", "none", "clear"):
        return TeamChannel(channel_id=None, clear=True)
    match = _CHANNEL.match(words[0].raw) if len(words) == 1 else None
    if match is None:
        shown = decode(rest_raw)[:40]
        raise CommandError(f"`{shown}` isn't a channel I can find. {TEAM_HELP}")
    return TeamChannel(channel_id=match.group(1))


DIGEST_HELP = (
    "In your team channel: `/mgr-goal digest on` (Fridays 16:00), "
    "`/mgr-goal digest on thursday 15:30`, `digest off` or `digest preview`."
)


def parse_digest(rest_raw: str) -> DigestCommand:
    """digest [on [weekday HH:MM] | off | preview | status]; no words is status."""
    words = decode(rest_raw).split()
    if not words:
        return DigestCommand(verb="status")
    verb = words[0].lower()
    if verb in ("off", "preview", "status") and len(words) == 1:
        return DigestCommand(verb=verb)
    if verb != "on":
        raise CommandError(f"`{' '.join(words)[:40]}` isn't a digest command. {DIGEST_HELP}")
    if len(words) == 1:
        return DigestCommand(verb="on")
    weekday = weekday_index(words[1])
    if weekday is None:
        raise CommandError(f"`{words[1][:20]}` isn't a weekday. {DIGEST_HELP}")
    at = parse_clock(" ".join(words[2:]) or "16:00")
    if at is None:
        raise CommandError(f"`{' '.join(words[2:])[:20]}` isn't a time of day. {DIGEST_HELP}")
    return DigestCommand(verb="on", weekday=weekday, at=at)


BLURB_HELP = (
    "Try `/mgr-goal blurb @sam helping them through their first on-call week` "
    "(pick the person from the @-autocomplete)."
)


BLURBS_HELP = (
    "`/mgr-goal blurbs off` stops all blurb requests to you; `/mgr-goal blurbs on` lets "
    "people ask again. To ask someone: `/mgr-goal blurb @sam <what you helped with>`."
)


def _parse_blurb(rest_raw: str) -> AskBlurb:
    words = _words(rest_raw)
    if not words:
        raise CommandError(f"Who should I ask? {BLURB_HELP}")
    colleague = mention_user_id(words[0].raw)
    if colleague is None:
        shown = decode(words[0].raw)[:40]
        raise CommandError(f"I couldn't find `{shown}` in Slack. {BLURB_HELP}")
    about = decode(rest_raw[words[1].start :]).strip() if len(words) > 1 else ""
    if not about:
        raise CommandError(f"What did you help them with? {BLURB_HELP}")
    return AskBlurb(colleague=colleague, about=about)


MANAGER_HELP = (
    "Try `/mgr-goal manager @dana` (pick the person from the @-autocomplete), "
    "`/mgr-goal manager off` to unlink, or `/mgr-goal manager` to see the link."
)


def parse_manager(rest_raw: str) -> ManagerCommand:
    """`manager`, `manager off` or `manager @person`."""
    words = _words(rest_raw)
    if not words:
        return ManagerCommand()
    if len(words) == 1 and words[0].raw.lower() == "off":
        return ManagerCommand(off=True)
    manager = mention_user_id(words[0].raw)
    if manager is None or len(words) > 1:
        shown = decode(rest_raw).strip()[:40]
        raise CommandError(f"I couldn't read `{shown}` as one person. {MANAGER_HELP}")
    return ManagerCommand(manager=manager)


FOR_HELP = "Try `/mgr-goal for @kofi add Run the Q1 planning retro due in 3 weeks`."


def parse_for(rest_raw: str, *, today: dt.date) -> ForMember:
    """`for @person add …`: the tail is read as `add` reads it, without `from @x`."""
    words = _words(rest_raw)
    member = mention_user_id(words[0].raw) if words else None
    if member is None:
        raise CommandError(
            f"Name the person you're their manager for, from the @-autocomplete. {FOR_HELP}"
        )
    if len(words) < 2 or words[1].raw.lower() != "add":
        raise CommandError(f"`for @person` is followed by `add`. {FOR_HELP}")
    tail = rest_raw[words[2].start :] if len(words) > 2 else ""
    add = parse_add(tail, today=today)
    if add.asked_by is not None:
        raise CommandError(
            "`from @person` isn't needed here: items you add for someone are asked by you. "
            + FOR_HELP
        )
    return ForMember(member=member, add=add)


def parse_clock(text: str) -> dt.time | None:
    """`09:00`, `9:30`, `9am`, `4:15 pm`, `16` as a wall-clock time; None if it isn't one."""
    match = _TIME.match(text.strip().lower())
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_item_number(text: str) -> int | None:
    key = text.strip().removeprefix("#")
    # isdecimal, not isdigit: "²" is a digit that int() refuses; "١٢" is decimal and reads as 12.
    return int(key) if key.isdecimal() and len(key) <= 9 else None


def parse_item_command(verb: str, rest_raw: str) -> ItemCommand:
    words = _words(rest_raw)
    example = {
        "done": "done 3 shipped the onboarding guide",
        "note": "note 3 ran the first session, 6 people came",
    }.get(verb, f"{verb} 3")
    if not words:
        raise CommandError(f"Which item? Give its number, like `/mgr-goal {example}`.")
    number = parse_item_number(words[0].raw)
    if number is None:
        raise CommandError(
            f"`{decode(words[0].raw)[:40]}` isn't an item number. "
            f"Try `/mgr-goal {example}` (numbers are in `/mgr-goal list`)."
        )
    text = decode(rest_raw[words[1].start :]).strip() if len(words) > 1 else ""
    if verb == "note" and not text:
        raise CommandError(f"What's the evidence? Try `/mgr-goal {example}`.")
    return ItemCommand(verb=verb, number=number, text=text)


def parse_add(rest_raw: str, *, today: dt.date) -> AddItem:
    words = _words(rest_raw)
    if not words:
        return AddItem(text=None)
    raws = [w.raw for w in words]
    options = trailing_options(raws, partial(_add_option_readings, today=today), longest=4)
    found = first_options_after(options, skip=1)
    if found is not None:
        index, trailing = found
        return AddItem(
            text=decode(rest_raw[: words[index].start]).strip(),
            asked_by=_option(trailing, "asked_by", str),
            area=_option(trailing, "area", SkillArea),
            due=_option(trailing, "due", dt.date),
        )
    _explain_bad_option(raws)
    if raws[0].lower() in _OPTION_WORDS and len(words) > 1 and options[0] is not None:
        raise CommandError("What should the item say? Try `/mgr-goal add Run a retro due friday`.")
    return AddItem(text=decode(rest_raw).strip())


def _add_option_readings(words: Sequence[str], start: int, *, today: dt.date) -> Iterator[Reading]:
    """`from @x`, `area y` or `due z` at `words[start]`."""
    keyword = words[start].lower()
    if keyword == "from" and start + 1 < len(words) and (user := mention_user_id(words[start + 1])):
        yield "asked_by", user, 2
    elif keyword == "area":
        yield from _area_readings(words, start)
    elif keyword == "due":
        for size in (1, 2, 3):
            if start + size < len(words):
                try:
                    due = parse_due(" ".join(words[start + 1 : start + size + 1]), today)
                except DateParseError:
                    continue
                yield "due", due, size + 1


def _explain_bad_option(words: list[str]) -> None:
    """When the last option was clearly meant as one but is wrong, say so instead of storing it."""
    positions = [i for i, w in enumerate(words) if w.lower() in _OPTION_WORDS and i > 0]
    if not positions:
        return
    last = positions[-1]
    keyword, value = words[last].lower(), words[last + 1 :]
    shown = decode(" ".join(value))[:60]
    if keyword == "area" and 1 <= len(value) <= 2:
        raise CommandError(f"`{shown}` isn't a skill area. Choose one of: {AREA_NAMES}.")
    if keyword == "due" and value and looks_like_date(" ".join(value)):
        try:
            parse_due(" ".join(value), dt.date(2000, 1, 1))
        except DateParseError as exc:
            raise CommandError(str(exc)) from None
    if keyword == "from" and len(value) == 1 and value[0].startswith(("@", "<@")):
        raise CommandError(
            f"I couldn't find `{shown}` in Slack. Pick the person from the @-autocomplete "
            "list, like `from @alex`."
        )


STAKEHOLDER_HELP = (
    "Try `/mgr-goal stakeholder add @carol runs the platform group`, "
    "`/mgr-goal stakeholder remove @carol`, `/mgr-goal stakeholder ask @carol` or "
    "`/mgr-goal stakeholders` "
    "(pick the person from the @-autocomplete)."
)
MET_HELP = "Try `/mgr-goal met @carol talked about the Q1 reorg` (note optional)."


def _person_and_note(rest_raw: str, *, hint: str) -> tuple[str, str | None]:
    """A leading mention and the decoded text after it (None when empty)."""
    words = _words(rest_raw)
    user = mention_user_id(words[0].raw) if words else None
    if user is None:
        shown = decode(words[0].raw)[:40] if words else ""
        what = f"I couldn't read `{shown}` as a person." if shown else "Name a person."
        raise CommandError(f"{what} {hint}")
    note = decode(rest_raw[words[1].start :]).strip() if len(words) > 1 else ""
    return user, note or None


def parse_stakeholder(verb: str, rest_raw: str) -> StakeholderCommand:
    """`stakeholders` lists; `stakeholder add @x [note]`, `stakeholder remove @x`,
    `stakeholder ask @x`."""
    words = _words(rest_raw)
    if verb == "stakeholders" or not words or words[0].raw.lower() in ("list", "ls"):
        if verb == "stakeholders" and words:
            raise CommandError(f"`stakeholders` takes nothing after it. {STAKEHOLDER_HELP}")
        return StakeholderCommand(action="list")
    action = words[0].raw.lower()
    tail = rest_raw[words[1].start :] if len(words) > 1 else ""
    if action == "add":
        user, note = _person_and_note(tail, hint=STAKEHOLDER_HELP)
        return StakeholderCommand(action="add", user=user, note=note)
    if action in ("remove", "rm", "ask"):
        user, extra = _person_and_note(tail, hint=STAKEHOLDER_HELP)
        if extra is not None:
            raise CommandError(f"`stakeholder {action}` takes one person. {STAKEHOLDER_HELP}")
        return StakeholderCommand(action="ask" if action == "ask" else "remove", user=user)
    shown = decode(words[0].raw)[:40]
    raise CommandError(
        f"`stakeholder` is followed by `add`, `remove` or `ask`, not `{shown}`. {STAKEHOLDER_HELP}"
    )


def parse_met(rest_raw: str) -> MetCommand:
    user, note = _person_and_note(rest_raw, hint=MET_HELP)
    return MetCommand(user=user, note=note)
