"""Asking a stakeholder what they'd need to see: the DM to them and what it becomes, the answer
form, the member's DM about the new items, and the member's reply. User text is escaped and
every section is verbatim (`md`)."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ContextBlock, SectionBlock
from slack_sdk.models.views import View

from bot.domain.slack_text import escape
from bot.models import TEXT_MAX, CampaignItem, StakeholderAsk
from bot.slack import ids
from bot.slack.blocks.elements import area_options, button, form, menu_input, text_input
from bot.slack.blocks.format import area_label, md, mention
from bot.slack.blocks.messages import Message

ASK_DAYS = 14


def asked_text(*, stakeholder_user_id: str, added: bool) -> str:
    """The member's reply once the stakeholder has the DM."""
    text = (
        f"Asked {mention(stakeholder_user_id)} what they'd need to see. "
        "I'll tell you when they answer."
    )
    if added:
        text += " I've also added them to your stakeholders."
    return text


def _toward(role: str | None) -> str:
    return f"*{escape(role)}*" if role else "their first management role"


def ask_message(ask: StakeholderAsk) -> Message:
    """The DM to the stakeholder: who asks, for what role, what an answer does, two buttons."""
    member = ask.member
    who = mention(member.user_id)
    text = (
        f"{who} is working toward {_toward(member.target_role)} and asked me to ask you: what "
        "would you need to see from them before you'd back them for it?\n"
        f"Each answer goes on {who}'s list as asked by you."
    )
    value = str(ask.id)
    return Message(
        text="A colleague asked what you'd need to see from them",
        blocks=[
            SectionBlock(text=md(text)),
            ActionsBlock(
                block_id="stakeholder-ask-actions",
                elements=[
                    button("Answer", ids.STAKEHOLDER_ASK_ANSWER, value, style="primary"),
                    button("Not now", ids.STAKEHOLDER_ASK_NOT_NOW, value),
                ],
            ),
            ContextBlock(elements=[md(f"This ask expires in {ASK_DAYS} days.")]),
        ],
    )


def _closed(ask: StakeholderAsk, outcome: str) -> Message:
    """The stakeholder's DM once the ask is closed: no buttons left to press twice."""
    text = f"{mention(ask.member.user_id)} asked what you'd need to see from them.\n{outcome}"
    return Message(text="Ask closed", blocks=[SectionBlock(text=md(text))])


def ask_answered(ask: StakeholderAsk) -> Message:
    return _closed(
        ask, f":white_check_mark: Thanks — added to {mention(ask.member.user_id)}'s list."
    )


def ask_declined(ask: StakeholderAsk, *, cooldown_days: int) -> Message:
    """After "Not now": the member is not told why."""
    return _closed(
        ask,
        "No problem: I've closed this and they won't be told why. They can't ask you again "
        f"for {cooldown_days} days.",
    )


def ask_expired(ask: StakeholderAsk) -> Message:
    return _closed(ask, f"This ask expired after {ASK_DAYS} days, so there's nothing to do.")


def answer_modal(ask: StakeholderAsk) -> View:
    """Up to three things the stakeholder would need to see (the first required), and an
    optional skill area for all of them."""
    who = mention(ask.member.user_id)
    labels = ("What would you need to see?", "Anything else?", "And one more?")
    return form(
        callback_id=ids.STAKEHOLDER_ANSWER_MODAL,
        title="What you'd need to see",
        submit="Send",
        metadata={"ask_id": ask.id},
        blocks=[
            SectionBlock(
                text=md(
                    f"Each answer goes on {who}'s list as an item asked by you. They'll be told."
                )
            ),
            *(
                text_input(
                    block,
                    label,
                    max_length=TEXT_MAX,
                    optional=n > 0 or None,
                    placeholder="e.g. Run the Q1 planning retro" if n == 0 else None,
                )
                for n, (block, label) in enumerate(
                    zip(ids.STAKEHOLDER_ANSWER_BLOCKS, labels, strict=True)
                )
            ),
            menu_input(
                ids.AREA_BLOCK,
                "Skill area",
                optional=True,
                options=area_options(),
                placeholder="Pick an area",
            ),
        ],
    )


def _item_line(item: CampaignItem) -> str:
    parts = [f"*#{item.number}* {escape(item.text)}"]
    if item.area:
        parts.append(f"_{area_label(item.area)}_")
    return " · ".join(parts)


def answered_dm(*, stakeholder_user_id: str, items: list[CampaignItem]) -> Message:
    """To the member: what the stakeholder would need to see, now items on their list. One
    section per item: escaped, three answers at the limit outgrow one section's 3,000."""
    who = mention(stakeholder_user_id)
    return Message(
        text="A stakeholder said what they'd need to see",
        blocks=[
            SectionBlock(
                text=md(f"{who} answered what they'd need to see. Added to your list, from {who}:")
            ),
            *(SectionBlock(text=md(f"• {_item_line(item)}")) for item in items),
            SectionBlock(
                text=md(
                    "They're yours like any item: edit or remove them from your Home or with "
                    "`/mgr-goal edit` and `/mgr-goal remove`."
                )
            ),
        ],
    )
