"""Testimonials: the ask modal, the colleague's DM and what it becomes, the write modal, the
blurb reaching the requester, and the replies each step gives."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ConfirmObject,
    ContextBlock,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.slack_text import escape
from bot.models import BLURB_ABOUT_MAX, BLURB_MAX, BlurbRequest
from bot.slack import ids
from bot.slack.blocks.elements import button, checkbox_input, field, form, text_input
from bot.slack.blocks.format import md, mention
from bot.slack.blocks.limits import clip
from bot.slack.blocks.messages import Message, notice
from bot.slack.blocks.wins import share_option

REQUEST_DAYS = 14
ASKING = "Asking…"


def ask_modal(*, about: str | None, win_id: int | None) -> View:
    """Ask a colleague for a blurb (from a win's menu): who, and what you helped with."""
    return form(
        callback_id=ids.BLURB_ASK_MODAL,
        title="Ask for a blurb",
        submit="Ask",
        metadata={"win_id": win_id},
        blocks=[
            field(
                ids.BLURB_COLLEAGUE_BLOCK,
                "Who did you help?",
                UserSelectElement(action_id=ids.INPUT, placeholder="Pick a person"),
            ),
            text_input(
                ids.BLURB_ABOUT_BLOCK,
                "What did you help them with?",
                hint="They'll see this, so they know what to write about.",
                multiline=True,
                max_length=BLURB_ABOUT_MAX,
                initial=clip(about, BLURB_ABOUT_MAX) if about else None,
            ),
        ],
    )


def asked_text(*, colleague_user_id: str, about: str) -> str:
    """What the member is told once the colleague has the request."""
    return (
        f"I've asked {mention(colleague_user_id)} for a blurb about *{escape(about)}*. "
        f"I'll DM you when it arrives; the request expires in {REQUEST_DAYS} days."
    )


def request_message(request: BlurbRequest, *, requester: str) -> Message:
    """The DM to the colleague: who asks, why, and how to answer (or never be asked again)."""
    value = str(request.id)
    text = (
        f"{mention(requester)} is working toward their first management role and asked me to "
        f"ask you for a short blurb about how they helped you with: *{escape(request.about)}*\n"
        "Two or three sentences about what they did and what it changed for you is plenty. "
        "It goes to them only."
    )
    return Message(
        text="A colleague asked you for a short blurb",
        blocks=[
            SectionBlock(text=md(text)),
            ActionsBlock(
                block_id="blurb-actions",
                elements=[
                    button("Write a blurb", ids.BLURB_WRITE, value, style="primary"),
                    button("Not now", ids.BLURB_NOT_NOW, value),
                    button(
                        "Don't ask me again",
                        ids.BLURB_NEVER,
                        value,
                        confirm=ConfirmObject(
                            title="No more blurb requests?",
                            text=md(
                                "Nobody will be able to send you blurb requests through "
                                "mgr-goal. Open requests are closed."
                            ),
                            confirm="Don't ask me",
                            deny="Cancel",
                        ),
                    ),
                ],
            ),
            ContextBlock(elements=[md(f"This request expires in {REQUEST_DAYS} days.")]),
        ],
    )


def _closed(request: BlurbRequest, *, outcome: str) -> Message:
    """The colleague's DM once the request is closed: no buttons left to press twice."""
    text = (
        f"{mention(request.member.user_id)} asked for a blurb about *{escape(request.about)}*."
        f"\n{outcome}"
    )
    return Message(text="Blurb request answered", blocks=[SectionBlock(text=md(text))])


def request_written(request: BlurbRequest) -> Message:
    """The colleague's DM after they sent their blurb."""
    return _closed(
        request, outcome=":white_check_mark: Thank you! Your blurb is on its way to them."
    )


def request_declined(request: BlurbRequest, *, cooldown_days: int) -> Message:
    """The colleague's DM after "Not now": the requester is never told why."""
    return _closed(
        request,
        outcome="No problem: I've closed this request and they won't be told why. They "
        f"can't ask you again for {cooldown_days} days.",
    )


def request_expired(request: BlurbRequest) -> Message:
    """The colleague's DM once nobody answered in time."""
    return _closed(
        request,
        outcome=f"This request expired after {REQUEST_DAYS} days, so there's nothing to do.",
    )


def opted_out_notice() -> Message:
    """Replaces the DM after "Don't ask me again"."""
    return notice(
        "Got it: nobody can send you blurb requests through mgr-goal any more, and your "
        "open ones are closed. Changed your mind? `/mgr-goal blurbs on` lets people ask again."
    )


def write_modal(request: BlurbRequest) -> View:
    """The colleague's blurb: what they say, and whether the requester may share it."""
    return form(
        callback_id=ids.BLURB_WRITE_MODAL,
        title="Write a blurb",
        submit="Send",
        metadata={"request_id": request.id},
        blocks=[
            SectionBlock(
                text=md(f"For {mention(request.member.user_id)}, about *{escape(request.about)}*.")
            ),
            text_input(
                ids.BLURB_TEXT_BLOCK,
                "Your blurb",
                multiline=True,
                max_length=BLURB_MAX,
                placeholder="What they did, and what it changed for you",
            ),
            checkbox_input(
                ids.BLURB_SHARE_BLOCK,
                "Sharing",
                share_option("They may share it with their team"),
                checked=True,
            ),
        ],
    )


def received_message(request: BlurbRequest) -> Message:
    """The DM to the requester when the blurb arrives."""
    sharing = "You may share it with your team." if request.may_share else "It's for you only."
    quote = escape(clip(request.blurb or "", 2000)).replace("\n", "\n>")
    text = (
        f"{mention(request.colleague_user_id)} wrote you a blurb about "
        f"*{escape(request.about)}*:\n>{quote}"
        f"\n{sharing} It's in your Home tab and will be in your promotion packet."
    )
    return Message(text="You got a blurb", blocks=[SectionBlock(text=md(clip(text, 2900)))])


def blurb_line(request: BlurbRequest) -> str:
    """One received blurb on the Home tab."""
    quote = escape(clip(request.blurb or "", 600)).replace("\n", " ")
    who = mention(request.colleague_user_id) or "a former colleague"
    share = "" if request.may_share else " (for you only)"
    return f"> {quote}\n— {who}, on _{escape(request.about)}_{share}"
