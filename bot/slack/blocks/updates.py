"""The monthly update: the modal with its draft, the DM each recipient gets, the member's copy
and receipt, and the Home lines. The text is the member's own: escaped wherever it is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    CheckboxesElement,
    ContextBlock,
    Option,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.dates import day_label
from bot.domain.slack_text import escape
from bot.domain.updates import PRIVATE_TAG, UPDATE_MAX
from bot.slack import ids
from bot.slack.blocks.elements import button, checkbox_input, field, form, text_input
from bot.slack.blocks.format import md, mention
from bot.slack.blocks.limits import MESSAGE_TEXT, SECTION_TEXT
from bot.slack.blocks.messages import Message, notice

if TYPE_CHECKING:
    from bot.services.update_dms import Delivered
    from bot.services.updates import LastUpdate, UpdateForm

CHECKBOXES = 10  # Slack's most options in one checkboxes element
TITLE = "Monthly update"
_TO_HINT = "Your stakeholders are listed here; add one with /mgr-goal stakeholder add @name."


def _to_option(user_id: str, value: str, *, role: str = "") -> Option:
    return Option(text=md(f"{mention(user_id)}{role}"), value=value)


def update_modal(form: UpdateForm, *, text: str) -> View:
    """The draft to edit, and whom to send it to: the linked manager ticked, stakeholders
    offered; with no linked manager, a copy to the member's own DM ticked instead."""
    since = day_label(form.since)
    blocks: list[Block] = [
        SectionBlock(
            text=md(
                f"Here's a draft from your list and wins since {since}. Edit anything: what's "
                "in the box is exactly what they'll read."
            )
        ),
        text_input(
            ids.UPDATE_TEXT_BLOCK,
            "Your update",
            max_length=UPDATE_MAX,
            multiline=True,
            initial=text,
            hint=(
                f"Wins tagged {PRIVATE_TAG} are ones you kept private: delete the line, or "
                "delete just the tag to send it. I won't send while a tag is left."
            ),
        ),
    ]
    options: list[Option] = []
    initial: list[Option] = []
    if form.manager is not None:
        manager = _to_option(form.manager.user_id, form.manager.value, role=" (your manager)")
        options.append(manager)
        initial.append(manager)
    options += [_to_option(c.user_id, c.value) for c in form.stakeholders]
    if form.manager is None:
        pending = (
            f" You've asked {mention(form.pending_manager)}; they haven't accepted yet."
            if form.pending_manager
            else " `/mgr-goal manager @name` asks them to link."
        )
        blocks.append(
            SectionBlock(
                text=md(
                    f":information_source: You have no linked manager, so I can't send it to "
                    f"them.{pending} I can post it to your own DM for you to forward by hand."
                )
            )
        )
    for index, start in enumerate(range(0, len(options), CHECKBOXES)):
        chunk = options[start : start + CHECKBOXES]
        chosen = [o for o in initial if o in chunk]
        blocks.append(
            field(
                ids.UPDATE_TO_BLOCK if index == 0 else f"{ids.UPDATE_MORE_BLOCK}_{index}",
                "Send to" if index == 0 else "More stakeholders",
                CheckboxesElement(
                    action_id=ids.INPUT, options=chunk, initial_options=chosen or None
                ),
                optional=True,
                hint=_TO_HINT if index == 0 else None,
            )
        )
    blocks.append(
        checkbox_input(
            ids.UPDATE_SELF_BLOCK,
            "A copy for you",
            Option(text="Post it to my DM too, to forward or keep", value=ids.UPDATE_SELF_OPTION),
            checked=form.manager is None,
        )
    )
    if form.last is not None:
        blocks.append(ContextBlock(elements=[md(last_line(form.last, own=form.member_user_id))]))
    return form_view(blocks)


def form_view(blocks: list[Block]) -> View:
    return form(callback_id=ids.UPDATE_MODAL, title=TITLE, blocks=blocks, submit="Send")


# Room in a message's 12,000 characters for the text once escaped (`&` takes five), beside the
# heading and the context line.
TEXT_ROOM = MESSAGE_TEXT - 1000


def _sections(text: str) -> list[Block]:
    """The member's text, escaped, in sections under Slack's 3,000 characters, cut at lines.
    Only text made mostly of `<>&` can outgrow a message once escaped: it is cut, marked."""
    blocks: list[Block] = []
    current = ""
    escaped = escape(text)
    if len(escaped) > TEXT_ROOM:
        escaped = escaped[:TEXT_ROOM].rsplit("&", 1)[0] + "…"
    for line in escaped.split("\n"):
        while len(line) > SECTION_TEXT - 100:  # one very long line (escaping grows it)
            cut = _whole_entities(line, SECTION_TEXT - 100)
            blocks.append(SectionBlock(text=md(line[:cut])))
            line = line[cut:]
        if current and len(current) + len(line) + 1 > SECTION_TEXT - 100:
            blocks.append(SectionBlock(text=md(current)))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current.strip():
        blocks.append(SectionBlock(text=md(current)))
    return blocks


def _whole_entities(escaped: str, limit: int) -> int:
    """Where to cut `escaped` at most `limit` characters in, never inside `&amp;` and the
    like: half an entity shows as "&am" in one section and "p;" in the next."""
    amp = escaped.rfind("&", max(0, limit - 4), limit)
    return amp if amp > 0 and ";" not in escaped[amp:limit] else limit


def update_dm(*, member_user_id: str, text: str, link_id: int | None) -> Message:
    """To a recipient: the update as the member wrote it; the linked manager can add to the
    list from here (the button is checked against the link when pressed)."""
    who = mention(member_user_id)
    blocks: list[Block] = [
        SectionBlock(text=md(f":memo: *{who}'s monthly growth update*")),
        *_sections(text),
        ContextBlock(
            elements=[
                md(
                    f"{who} is working toward their first management role and chose to send you "
                    "this with mgr-goal."
                )
            ]
        ),
    ]
    if link_id is not None:
        blocks.append(
            ActionsBlock(
                block_id="update-actions",
                elements=[button("Add what I need to see", ids.MANAGER_ADD_ITEM, str(link_id))],
            )
        )
    return Message(text=f"{who}'s monthly growth update", blocks=blocks)


def own_copy(text: str) -> Message:
    """To the member: their update, to forward by hand or keep."""
    blocks: list[Block] = [
        SectionBlock(text=md(":memo: *Your monthly update*, ready to forward or keep:")),
        *_sections(text),
    ]
    return Message(text="Your monthly update", blocks=blocks)


def receipt(delivered: Delivered, *, member_user_id: str) -> Message | None:
    """To the member, after sending: who got it, who couldn't be reached."""
    others = [u for u in delivered.sent if u != member_user_id]
    failed = [u for u in delivered.failed if u != member_user_id]
    lines = []
    if others:
        lines.append(f":white_check_mark: Sent your monthly update to {_names(others)}.")
    if failed:
        lines.append(
            f":warning: I couldn't DM {_names(failed)}, so they didn't get it. "
            "Try `/mgr-goal update` again later, or forward your copy."
        )
    if not lines:
        return None
    if others:
        lines.append("It counts as a conversation with each stakeholder it went to.")
    return notice("\n".join(lines), fallback="Your monthly update")


def _names(user_ids: list[str]) -> str:
    mentions = [mention(u) for u in user_ids]
    return mentions[0] if len(mentions) == 1 else ", ".join(mentions[:-1]) + f" and {mentions[-1]}"


def last_line(last: LastUpdate | None, *, own: str | None) -> str:
    """Who the member last updated and when (their own id shown as "your DM")."""
    if last is None:
        return "*Monthly update:* none sent yet. Press *Monthly update* to draft one."
    people = [u for u in last.recipients if u != own]
    to = _names(people) if people else "your own DM"
    return f"*Last update:* {day_label(last.on)} to {to}"
