"""Stakeholders: the replies to `/mgr-goal stakeholder …`, `stakeholders` and `met`, and the
member's Home section. Notes are the member's text: escaped, shown verbatim."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ContextBlock, DividerBlock, SectionBlock

from bot.domain.dates import day_label
from bot.domain.slack_text import escape
from bot.domain.zones import local_day, zone_named
from bot.models import Member, Stakeholder
from bot.slack import ids
from bot.slack.blocks.elements import button
from bot.slack.blocks.format import md, mention
from bot.slack.blocks.messages import Message, notice

SECTION_TITLE = "Stakeholders"
MET_LABEL = "Met today"
ASK_LABEL = "Ask what they'd need"
# Stakeholders shown on the Home (each takes two blocks, of the view's 100) before "…and N more".
HOME_STAKEHOLDERS = 10
EMPTY = (
    "No stakeholders yet. Keep other members of management informed: "
    "`/mgr-goal stakeholder add @person [note]`."
)


def last_contact(stakeholder: Stakeholder, member: Member | None) -> str:
    """ "last talked Mon 12 Oct 2026" in the member's zone, or "not yet"."""
    when = stakeholder.last_contact_at
    if when is None:
        return "not talked yet"
    zone = zone_named(member.timezone if member else None)
    return f"last talked {day_label(local_day(when, zone))}"


def stakeholder_line(stakeholder: Stakeholder, member: Member | None) -> str:
    note = f" · _{escape(stakeholder.note)}_" if stakeholder.note else ""
    return f"{mention(stakeholder.user_id)}{note} · {last_contact(stakeholder, member)}"


def added_text(stakeholder: Stakeholder) -> str:
    return (
        # A mention inside a code span shows as its raw <@U…> token, so it stays outside one.
        f"Added {mention(stakeholder.user_id)} to your stakeholders. After you talk, log it with "
        f"`/mgr-goal met` and their name, or *Met today* beside them in your Home tab."
    )


def removed_text(user_id: str) -> str:
    return f"Removed {mention(user_id)} from your stakeholders."


def met_text(stakeholder: Stakeholder, member: Member | None) -> str:
    who = mention(stakeholder.user_id)
    return f"Logged a conversation with {who}: {last_contact(stakeholder, member)}."


def list_message(member: Member | None, stakeholders: list[Stakeholder]) -> Message:
    """Every stakeholder, the longest without contact first."""
    if not stakeholders:
        return notice(EMPTY)
    lines = "\n".join(f"• {stakeholder_line(s, member)}" for s in stakeholders)
    return notice(f"*Your stakeholders ({len(stakeholders)})*\n{lines}")


def home_blocks(member: Member | None, stakeholders: list[Stakeholder]) -> list[Block]:
    """The member's Home section (only when they have stakeholders): each with last contact,
    "Met today" and "Ask what they'd need" (both carry the row id, checked as the presser's)."""
    if not stakeholders:
        return []
    blocks: list[Block] = [
        DividerBlock(),
        SectionBlock(text=md(f"*{SECTION_TITLE} ({len(stakeholders)})*")),
    ]
    for stakeholder in stakeholders[:HOME_STAKEHOLDERS]:
        value = str(stakeholder.id)
        blocks += [
            SectionBlock(
                block_id=f"stakeholder-{stakeholder.id}",
                text=md(stakeholder_line(stakeholder, member)),
            ),
            ActionsBlock(
                block_id=f"stakeholder-actions-{stakeholder.id}",
                elements=[
                    button(MET_LABEL, ids.STAKEHOLDER_MET, value),
                    button(ASK_LABEL, ids.STAKEHOLDER_ASK, value),
                ],
            ),
        ]
    if len(stakeholders) > HOME_STAKEHOLDERS:
        more = len(stakeholders) - HOME_STAKEHOLDERS
        blocks.append(
            ContextBlock(
                elements=[md(f"…and {more} more stakeholders: `/mgr-goal stakeholders` lists all.")]
            )
        )
    return blocks
