"""The last steps of the case (issue 13): the prep for the promotion conversation, the
reflection modal, the kind offer to pause, and "Your reflections" on the Home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    Option,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.case import StillWant
from bot.domain.slack_text import escape
from bot.models import REFLECTION_TEXT_MAX, CheckIn, ConfidenceAnswer, Reflection
from bot.services.ready import ReadyPrep
from bot.slack import ids
from bot.slack.blocks.elements import button, form, radio_input, text_input
from bot.slack.blocks.format import md, short_date
from bot.slack.blocks.limits import clip
from bot.slack.blocks.messages import Message

STILL_WANT_LABELS: dict[str, str] = {
    StillWant.YES: "Yes",
    StillWant.NOT_SURE: "Not sure",
    StillWant.NO: "No",
}
# A section's text holds 3,000 characters and escaping can make text 5 times longer ("&" is
# "&amp;"), so each piece of user text is clipped before escaping to fit several in one.
_POINT = 250
_QUOTE = 150


def the_ask(prep: ReadyPrep) -> str:
    """The sentence to say, in the member's words to copy."""
    role = prep.target_role or "the role I'm working toward"
    when = f" by {short_date(prep.target_date)}" if prep.target_date else ""
    return (
        f"I'd like you to nominate me for {role}{when}. I'm already doing much of the job: "
        "here is what I've done and who has seen it. What would you need from me to put my "
        "name forward?"
    )


def ready_modal(prep: ReadyPrep) -> View:
    """The prep for the promotion conversation: talking points from the member's own data,
    the ask to copy, and "Build my packet". Read-only: nothing here is stored."""
    blocks: list[Block] = [
        SectionBlock(
            text=md(
                f"*Your list:* {prep.done} of {prep.total} done. Bring three concrete "
                "examples, say who has seen them, then ask plainly."
            )
        ),
        HeaderBlock(text="Your strongest examples"),
    ]
    if prep.strongest:
        for n, item in enumerate(prep.strongest, start=1):
            notes = len(item.evidence)
            done = f", done {short_date(item.done_on)}" if item.done_on else ""
            line = (
                f"*{n}. #{item.number} {escape(clip(item.text, _POINT))}* "
                f"({notes} evidence note{'s' if notes != 1 else ''}{done})\n"
                f"> {escape(clip(item.evidence[0], _POINT))}"
            )
            blocks.append(SectionBlock(text=md(line)))
    else:
        blocks.append(
            SectionBlock(
                text=md("No done items with evidence yet: that is the first thing to build.")
            )
        )
    areas = ", ".join(a.label for a in prep.areas) or "none yet"
    blocks.append(ContextBlock(elements=[md(f"*Areas covered:* {escape(areas)}")]))
    blocks.append(HeaderBlock(text="Who vouches for you"))
    vouch = []
    if prep.manager_user_id:
        vouch.append(f"• Your manager, <@{prep.manager_user_id}>")
    if prep.stakeholder_user_ids:
        people = ", ".join(f"<@{u}>" for u in prep.stakeholder_user_ids[:10])
        vouch.append(f"• Stakeholders: {people}")
    for t in prep.testimonials:
        vouch.append(f"• <@{t.writer_user_id}> wrote: _{escape(clip(t.text, _QUOTE))}_")
    blocks.append(SectionBlock(text=md("\n".join(vouch) or "Nobody yet.")))
    blocks.append(HeaderBlock(text="The ask"))
    blocks.append(SectionBlock(text=md(f"> {escape(the_ask(prep))}")))
    if prep.thin:
        thin = "\n".join(f"• {escape(gap)}" for gap in prep.thin)
        blocks.append(ContextBlock(elements=[md(f"*Still thin:*\n{thin}")]))
    blocks.append(DividerBlock())
    blocks.append(
        ActionsBlock(
            block_id="ready-packet",
            elements=[
                button("Build my packet", ids.PACKET_BUILD, ids.READY_PACKET_VALUE, style="primary")
            ],
        )
    )
    return View(type="modal", title="Ask for the role", close="Close", blocks=blocks)


def reflection_modal(checkin: CheckIn) -> View:
    """The quarterly reflection: still want this? what energised, what drained? Private."""
    return form(
        callback_id=ids.REFLECTION_MODAL,
        title="Reflect",
        metadata={"checkin_id": checkin.id},
        blocks=[
            SectionBlock(
                text=md(
                    "Fifteen quiet minutes. Only you see these answers: they stay on your Home."
                )
            ),
            radio_input(
                ids.STILL_WANT_BLOCK,
                "Is leading people still what you want?",
                options=[Option(text=label, value=v) for v, label in STILL_WANT_LABELS.items()],
            ),
            text_input(
                ids.ENERGISED_BLOCK,
                "What energised you these past months?",
                optional=True,
                multiline=True,
                max_length=REFLECTION_TEXT_MAX,
            ),
            text_input(
                ids.DRAINED_BLOCK,
                "What drained you?",
                optional=True,
                multiline=True,
                max_length=REFLECTION_TEXT_MAX,
            ),
        ],
    )


def pause_offer_message() -> Message:
    """After a third unsure reflection in a row: a kind offer, once per streak."""
    text = (
        "Your last three reflections weren't sure this is what you want. That's worth "
        "listening to, and it's fine: moving up isn't the only kind of success. Want me to "
        "pause the weekly check-ins while you think? `/mgr-goal resume` brings them back."
    )
    return Message(
        text="Pause your check-ins for a while?",
        blocks=[
            SectionBlock(text=md(text)),
            ActionsBlock(
                block_id="reflection-pause",
                elements=[
                    button("Pause check-ins", ids.REFLECTION_PAUSE, "pause"),
                    button("Keep going", ids.REFLECTION_KEEP_GOING, "keep"),
                ],
            ),
        ],
    )


def keep_going_message() -> Message:
    text = "Good. Check-ins carry on as before; `/mgr-goal pause` is there whenever you need it."
    return Message(text=text, blocks=[SectionBlock(text=md(text))])


def reflection_line(reflection: Reflection, *, day: str) -> str:
    """One reflection on the Home: the date, still want, and short energised / drained."""
    want = STILL_WANT_LABELS.get(reflection.still_want, reflection.still_want)
    parts = [f"*{day}* · still want this: *{escape(want)}*"]
    if reflection.energised:
        parts.append(f"energised: {escape(clip(reflection.energised, 200))}")
    if reflection.drained:
        parts.append(f"drained: {escape(clip(reflection.drained, 200))}")
    return " · ".join(parts)


def confidence_line(answer: ConfidenceAnswer, *, zone: dt.tzinfo) -> str:
    """The member's last confidence answer on their own Home: "Confidence: okay (Nov)"."""
    month = answer.answered_at.astimezone(zone).strftime("%b")
    return f"*Confidence:* {escape(answer.level)} ({month}) · only you see this"


def reflections_blocks(lines: Sequence[str]) -> list[Block]:
    """ "Your reflections" on the member's Home (only theirs: the Home is theirs)."""
    if not lines:
        return []
    return [
        DividerBlock(),
        SectionBlock(text=md("*Your reflections* (only you see these)")),
        *(SectionBlock(text=md(clip(line, 2900))) for line in lines),
    ]
