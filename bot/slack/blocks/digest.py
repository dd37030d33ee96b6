"""The team digest: a short top-level summary, the details in a thread reply, and notices."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from slack_sdk.models.blocks import Block, ContextBlock, SectionBlock

from bot.domain.areas import SkillArea
from bot.domain.digests import Preview, SharedWin, StartResult
from bot.domain.slack_text import escape
from bot.domain.zones import local_when
from bot.models import Digest
from bot.slack.blocks.format import WEEKDAY_NAMES, area_label, md, mention, short_date
from bot.slack.blocks.limits import MESSAGE_BLOCKS, MESSAGE_TEXT, SECTION_TEXT, clip, pack_lines
from bot.slack.blocks.messages import Message, notice

MORE_IN_THREAD = "The rest are in their owners' Home tabs."
NO_DIGEST_PREVIEW = (
    "There's no digest in this channel yet. `/mgr-goal digest on` starts one; preview shows "
    "what it would post."
)


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _areas(wins: list[SharedWin]) -> str:
    counts = Counter(w.area for w in wins if w.area)
    ordered = [a.value for a in SkillArea if a.value in counts]
    return ", ".join(area_label(a) for a in ordered)


def summary_message(wins: list[SharedWin]) -> Message:
    """One short message for the channel: who shared how many wins, and the areas covered."""
    by_person = Counter(w.user_id for w in wins)
    people = [
        f"{mention(user)} ({_plural(count, 'win')})" for user, count in by_person.most_common()
    ]
    shown: list[str] = []
    hidden = 0
    used = 0
    for person in people:
        if used + len(person) + 2 > SECTION_TEXT - 200:
            hidden = len(people) - len(shown)
            break
        shown.append(person)
        used += len(person) + 2
    who = ", ".join(shown) + (f" …and {hidden} more" if hidden else "")
    head = (
        f":trophy: *This week's team wins:* {_plural(len(by_person), 'person', 'people')} shared "
        f"{_plural(len(wins), 'win')}."
    )
    blocks: list[Block] = [SectionBlock(text=md(f"{head}\n{who}"))]
    areas = _areas(wins)
    context = "Details in the thread."
    if areas:
        context = f"Areas: {areas}. {context}"
    blocks.append(ContextBlock(elements=[md(context)]))
    text = (
        f"This week's team wins: {_plural(len(by_person), 'person', 'people')} shared "
        f"{_plural(len(wins), 'win')}"
    )
    return Message(text=text, blocks=blocks)


def details_message(
    wins: list[SharedWin],
    *,
    max_chars: int = MESSAGE_TEXT - 1000,
    max_blocks: int = MESSAGE_BLOCKS,
) -> Message:
    """Every shared win, grouped by person; past Slack's limits it ends in "…and N more"."""
    lines: list[str] = []
    by_person: dict[str, list[SharedWin]] = {}
    for win in wins:
        by_person.setdefault(win.user_id, []).append(win)
    for user, own in by_person.items():
        for index, win in enumerate(own):
            area = f" · _{area_label(win.area)}_" if win.area else ""
            line = f"• {short_date(win.happened_on)}{area}: {escape(clip(win.text, 600))}"
            lines.append(f"*{mention(user)}*\n{line}" if index == 0 else line)
    blocks = pack_lines(
        lines,
        max_blocks=max_blocks,
        max_chars=max_chars,
        more_hint=MORE_IN_THREAD,
    )
    return Message(text="The week's shared wins", blocks=blocks)


def preview_message(wins: list[SharedWin], *, since: dt.datetime, zone: dt.tzinfo) -> Message:
    """What `digest preview` shows the caller: both messages as they would post now."""
    start = short_date(since.astimezone(zone).date())
    if not wins:
        text = (
            f"Nothing would post right now: no wins shared since {start}. An empty week "
            "posts nothing. Members share a win with `/mgr-goal win … share` once this is "
            "their team channel (`/mgr-goal team #this-channel`)."
        )
        return Message(text=text, blocks=[SectionBlock(text=md(text))])
    summary = summary_message(wins)
    summary_chars = sum(len(str(b.to_dict())) for b in summary.blocks)
    room = MESSAGE_BLOCKS - 1 - len(summary.blocks) - 1
    details = details_message(wins, max_chars=MESSAGE_TEXT - 1500 - summary_chars, max_blocks=room)
    intro = SectionBlock(text=md(f"_Preview (only you see this): wins shared since {start}._"))
    thread = ContextBlock(elements=[md("In the thread:")])
    body = details.blocks
    return Message(text="Digest preview", blocks=[intro, *summary.blocks, thread, *body])


def announcement(
    *,
    user_id: str,
    channel_id: str,
    weekday: int,
    at: dt.time,
    timezone: str,
    moved: bool = False,
) -> Message:
    verb = (
        "moved the weekly digest of team wins here to"
        if moved
        else "turned on a weekly digest of team wins here:"
    )
    text = (
        f":trophy: {mention(user_id)} {verb} every "
        f"{WEEKDAY_NAMES[weekday]} at {at.strftime('%H:%M')} ({escape(timezone)}). It lists "
        "only wins people chose to share, in one short message with details in a thread; a "
        "week with none posts nothing. To add yours, make this your team channel (type "
        f"`/mgr-goal team` and pick <#{channel_id}> from the # autocomplete, or choose it in "
        "`/mgr-goal setup`), then log wins with `/mgr-goal win … share`. "
        "`/mgr-goal digest off` turns it off."
    )
    return Message(text="Weekly team wins digest is on", blocks=[SectionBlock(text=md(text))])


def turned_off(*, user_id: str) -> Message:
    text = f"{mention(user_id)} turned off the weekly digest of team wins in this channel."
    return Message(text="Weekly team wins digest is off", blocks=[SectionBlock(text=md(text))])


def invite_hint(channel_id: str) -> str:
    return (
        f"I'm not in <#{channel_id}> yet, so I can't post the digest there. Type "
        "`/invite @mgr-goal` in this channel (or open the channel's settings → Integrations → "
        "Add apps), then run `/mgr-goal digest on` again."
    )


NOT_A_CHANNEL = (
    "Run this in your team's channel: the digest posts where you turn it on. "
    "Here it would only reach you."
)
RETRY = "Try again in a minute."


def status(digest: Digest | None, zone: dt.tzinfo) -> Message:
    """`digest` with no words: whether the channel's digest is on, and when it posts next."""
    if digest is None or not digest.enabled:
        return notice(
            "The weekly digest is off in this channel. `/mgr-goal digest on` turns it on "
            "(Fridays 16:00 your time; or `digest on thursday 15:30`)."
        )
    when = local_when(digest.next_due_at, zone) if digest.next_due_at else "soon"
    return notice(
        f"The weekly digest is on here: every {WEEKDAY_NAMES[digest.weekday]} at "
        f"{digest.post_time.strftime('%H:%M')} ({escape(digest.timezone)}). Next one: {when}. "
        "`/mgr-goal digest preview` shows what it would say now."
    )


def turned_on_reply(digest: Digest, zone: dt.tzinfo, *, now: dt.datetime) -> Message:
    """The caller's answer once the digest is on and the channel was told."""
    first = local_when(digest.next_due_at or now, zone)
    which = "first" if digest.covered_until is None else "next"
    covers = (
        "wins shared in the past 7 days"
        if digest.covered_until is None
        else "wins shared since the previous digest, " + local_when(digest.covered_until, zone)
    )
    return notice(
        f"The weekly digest is on here: every {WEEKDAY_NAMES[digest.weekday]} at "
        f"{digest.post_time.strftime('%H:%M')} ({escape(digest.timezone)}). The {which} one "
        f"posts {first}, covering {covers}. I've told the channel."
    )


def not_announced(channel_id: str, result: StartResult) -> Message:
    """Why `digest on` left the digest off: the bot isn't in the channel, or Slack failed."""
    if result is StartResult.NOT_INVITED:
        return notice(invite_hint(channel_id))
    if result is StartResult.REFUSED:
        return notice(
            f"Slack didn't take my announcement just now, so the digest is still off. {RETRY}"
        )
    return notice(f"I couldn't reach Slack just now, so the digest is still off. {RETRY}")


def turned_off_reply() -> Message:
    return notice("The weekly digest is off in this channel.")


def preview_reply(preview: Preview | None) -> Message:
    """`digest preview`: the next digest as of now, or why there is none."""
    if preview is None:
        return notice(NO_DIGEST_PREVIEW)
    return preview_message(preview.wins, since=preview.since, zone=preview.zone)
