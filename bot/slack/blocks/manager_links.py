"""Manager links: the request DM and what it becomes, the DMs each side gets, the replies to
`/mgr-goal manager …`, and the manager's "People growing toward management" Home section."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.domain.dates import day_label
from bot.domain.manager_links import REQUEST_DAYS, expires_at
from bot.domain.slack_text import escape
from bot.domain.zones import local_day, zone_named
from bot.models import TEXT_MAX, CampaignItem, ManagerLink
from bot.slack import ids
from bot.slack.blocks.elements import area_options, button, date_input, form, menu_input, text_input
from bot.slack.blocks.format import area_label, md, mention, progress_bar, short_date
from bot.slack.blocks.limits import clip, clip_escaped
from bot.slack.blocks.messages import Message, notice

if TYPE_CHECKING:
    from bot.services.manager_items import AddedFor
    from bot.services.manager_links import LinkedPerson, LinkStatus, Unlinked

PEOPLE_TITLE = "People growing toward management"
ADD_FOR_LABEL = "Add what I need to see"
# People rows shown on a Home before "…and N more" (the Home holds 100 blocks in all; each
# person takes two).
HOME_PEOPLE = 10
# Open items shown under each person before "and N more".
PERSON_ITEMS = 5

WHAT_IT_MEANS = (
    "If you accept:\n"
    "• you can add what you'd need to see from them to their list\n"
    "• you see their list: the items, who asked for each, status and done date (not their "
    "evidence notes, wins or reflections)\n"
    "• you receive the progress updates they choose to send you\n"
    "Nothing else. Either of you can unlink at any time."
)
HOW_TO_CHANGE = (
    "`/mgr-goal manager @person` asks someone else (the link changes only when they accept); "
    "`/mgr-goal manager off` unlinks."
)


def _since(link: ManagerLink, instant: dt.datetime | None) -> str:
    """A day in the member's own time zone."""
    when = instant or link.requested_at
    return day_label(local_day(when, zone_named(link.member.timezone)))


def request_message(link: ManagerLink) -> Message:
    """The DM to the person asked: who asks, what the link means, Accept / Decline."""
    value = str(link.id)
    text = (
        f"{mention(link.member.user_id)} is working toward their first management role and "
        "asks you to link as their manager in mgr-goal.\n" + WHAT_IT_MEANS
    )
    return Message(
        text="A colleague asks you to link as their manager",
        blocks=[
            SectionBlock(text=md(text)),
            ActionsBlock(
                block_id="manager-link-actions",
                elements=[
                    button("Accept", ids.MANAGER_ACCEPT, value, style="primary"),
                    button("Decline", ids.MANAGER_DECLINE, value),
                ],
            ),
            ContextBlock(elements=[md(f"This request expires in {REQUEST_DAYS} days.")]),
        ],
    )


def _closed(link: ManagerLink, outcome: str) -> Message:
    """The request DM once answered: no buttons left to press twice."""
    text = f"{mention(link.member.user_id)} asked you to link as their manager in mgr-goal.\n"
    return Message(text="Manager link request", blocks=[SectionBlock(text=md(text + outcome))])


def request_accepted(link: ManagerLink) -> Message:
    return _closed(
        link,
        ":white_check_mark: You accepted: you're linked as their manager. To unlink at any "
        "time, press *Unlink* next to them in your mgr-goal Home tab.",
    )


def request_declined(link: ManagerLink) -> Message:
    return _closed(link, "You declined, so nothing is shared with you. I'll let them know, kindly.")


def request_withdrawn(link: ManagerLink) -> Message:
    return _closed(link, "They withdrew this request, so there's nothing to answer.")


def request_expired(link: ManagerLink) -> Message:
    return _closed(
        link, f"This request expired after {REQUEST_DAYS} days, so there's nothing to answer."
    )


def expired_dm(link: ManagerLink) -> Message:
    """To the member, once: nobody answered, and how to ask again."""
    who = mention(link.manager_user_id)
    return notice(
        f"{who} didn't answer your request to link as your manager within {REQUEST_DAYS} "
        f"days, so it has expired. To ask {who} again, type `/mgr-goal manager` and mention them.",
        fallback="Your manager link request expired",
    )


def accepted_dm(link: ManagerLink) -> Message:
    """To the member: their manager said yes."""
    return notice(
        f"{mention(link.manager_user_id)} accepted: they're linked as your manager "
        "in mgr-goal. They can see your list (not your evidence, wins or "
        "reflections) and add what they'd need to see. "
        "`/mgr-goal manager off` unlinks at any time.",
        fallback="Your manager accepted the link",
    )


def declined_dm(link: ManagerLink) -> Message:
    """To the member: a no, said gently."""
    return notice(
        f"{mention(link.manager_user_id)} declined to link as your manager in "
        "mgr-goal. That's fine, and it says nothing about your campaign: keep "
        "sharing your progress with them in person, or ask someone else with "
        "`/mgr-goal manager @person`.",
        fallback="Your manager link request was declined",
    )


def replaced_dm(old: ManagerLink) -> Message:
    """To the previous manager: the member's new manager accepted."""
    return notice(
        f"{mention(old.member.user_id)} linked a new manager in mgr-goal, so your "
        "link with them has ended: you no longer see their list or receive their "
        "updates.",
        fallback="A manager link ended",
    )


def unlinked_by_member_dm(link: ManagerLink) -> Message:
    """To the manager: the member ran `manager off`."""
    return notice(
        f"{mention(link.member.user_id)} unlinked you as their manager in mgr-goal. "
        "You no longer see their list or receive their updates.",
        fallback="A manager link ended",
    )


def unlinked_by_manager_dm(link: ManagerLink) -> Message:
    """To the member: the manager pressed Unlink."""
    return notice(
        f"{mention(link.manager_user_id)} unlinked as your manager in mgr-goal. "
        "Your list is private to you again. `/mgr-goal manager @person` asks "
        "someone to link.",
        fallback="Your manager link ended",
    )


def asked_text(*, manager_user_id: str, withdrawn: ManagerLink | None) -> str:
    """The member's reply once the request is sent."""
    text = (
        f"I've asked {mention(manager_user_id)} to link as your manager, and told them what "
        "they would see. I'll DM you when they answer."
    )
    if withdrawn is not None:
        text += f" Your request to {mention(withdrawn.manager_user_id)} is withdrawn."
    return text


def unlinked_text(unlinked: Unlinked) -> str:
    """The member's reply to `manager off`."""
    parts = []
    if unlinked.ended is not None:
        parts.append(
            f"{mention(unlinked.ended.manager_user_id)} is no longer linked as your manager; "
            "I've told them."
        )
    if unlinked.withdrawn is not None:
        parts.append(f"Your request to {mention(unlinked.withdrawn.manager_user_id)} is withdrawn.")
    return " ".join(parts)


def status_text(status: LinkStatus) -> str:
    """`/mgr-goal manager`: the link as it stands, and how to change it."""
    lines = []
    if status.active is not None:
        since = _since(status.active, status.active.answered_at)
        lines.append(
            f"Your manager here is {mention(status.active.manager_user_id)}, linked since {since}."
        )
    if status.pending is not None:
        asked = _since(status.pending, status.pending.requested_at)
        expires = _since(status.pending, expires_at(status.pending.requested_at))
        lines.append(
            f"Waiting for {mention(status.pending.manager_user_id)} to answer your request "
            f"from {asked} (it expires on {expires})."
        )
    if not lines:
        return (
            "No manager linked. `/mgr-goal manager @dana` asks your manager to link: they see "
            "your list (not your evidence, wins or reflections), can add what they'd need to "
            "see, and get the updates you choose to send."
        )
    return "\n".join([*lines, HOW_TO_CHANGE])


def _open_item_line(item: CampaignItem) -> str:
    """An open item as its manager sees it: text, who asked, due (no evidence). Clipped once
    escaped too, so PERSON_ITEMS of them fit their member's section."""
    parts = [f"#{item.number} {clip_escaped(escape(clip(item.text, 200)), 400)}"]
    if item.asked_by_user_id:
        parts.append(f"asked by {mention(item.asked_by_user_id)}")
    if item.due_date:
        parts.append(f"due {short_date(item.due_date)}")
    return "• " + " · ".join(parts)


def _person_text(person: LinkedPerson) -> str:
    role = person.member.target_role
    toward = f" · toward *{escape(role)}*" if role else ""
    progress = (
        progress_bar(person.done, person.total) if person.total else "Nothing on their list yet."
    )
    received = (
        f"last update received {day_label(person.last_update_on)}"
        if person.last_update_on
        else "no monthly update received yet"
    )
    lines = [f"{mention(person.member.user_id)}{toward} · {received}", progress]
    shown = person.open_items[:PERSON_ITEMS]
    lines.extend(_open_item_line(item) for item in shown)
    if len(person.open_items) > len(shown):
        lines.append(f"_and {len(person.open_items) - len(shown)} more open items_")
    return clip("\n".join(lines), 2900)


def people_blocks(people: list[LinkedPerson]) -> list[Block]:
    """The manager's Home section: each linked member, their progress and open items, and
    "Add what I need to see" and Unlink."""
    if not people:
        return []
    blocks: list[Block] = [
        DividerBlock(),
        SectionBlock(text=md(f"*{PEOPLE_TITLE} ({len(people)})*")),
    ]
    for person in people[:HOME_PEOPLE]:
        blocks.append(
            SectionBlock(block_id=f"person-{person.link.id}", text=md(_person_text(person)))
        )
        blocks.append(
            ActionsBlock(
                block_id=f"person-actions-{person.link.id}",
                elements=[
                    button(ADD_FOR_LABEL, ids.MANAGER_ADD_ITEM, str(person.link.id)),
                    button(
                        "Unlink",
                        ids.MANAGER_UNLINK,
                        str(person.link.id),
                        confirm=ConfirmObject(
                            title="Unlink?",
                            text=md(
                                "You'll no longer see their list or receive their updates. "
                                "They'll be told."
                            ),
                            confirm="Unlink",
                            deny="Cancel",
                        ),
                    ),
                ],
            )
        )
    if len(people) > HOME_PEOPLE:
        blocks.append(ContextBlock(elements=[md(f"…and {len(people) - HOME_PEOPLE} more people.")]))
    return blocks


def manager_item_modal(member_user_id: str) -> View:
    """ "Add what I need to see": an item for the member named in the metadata (checked again
    when it is submitted)."""
    areas = area_options()
    return form(
        callback_id=ids.MANAGER_ITEM_MODAL,
        title="Add what I need to see",
        submit="Add",
        metadata={"member": member_user_id},
        blocks=[
            SectionBlock(
                text=md(
                    f"For {mention(member_user_id)}'s list. They'll get a DM about it, and it "
                    "shows as asked by you; they can edit or remove it like any item."
                )
            ),
            text_input(
                ids.TEXT_BLOCK,
                "What you'd need to see from them",
                multiline=True,
                max_length=TEXT_MAX,
                placeholder="e.g. Run the Q1 planning retro",
            ),
            menu_input(
                ids.AREA_BLOCK,
                "Skill area",
                optional=True,
                options=areas,
                placeholder="Pick an area",
            ),
            date_input(ids.DUE_BLOCK, "Due", optional=True, initial=None),
        ],
    )


def _added_line(added: AddedFor) -> str:
    """The new item (it has no evidence yet, and that is never read here)."""
    item = added.item
    parts = [f"*#{item.number}* {escape(item.text)}"]
    if item.area:
        parts.append(f"_{area_label(item.area)}_")
    if item.due_date:
        parts.append(f"due {short_date(item.due_date)}")
    return " · ".join(parts)


def item_added_dm(added: AddedFor) -> Message:
    """To the member: their manager added an item (user text escaped by `item_line`)."""
    text = (
        f"{mention(added.manager_user_id)} added to your list:\n{_added_line(added)}\n"
        f"It's yours like any item: `/mgr-goal edit {added.item.number}` changes it, "
        f"`/mgr-goal remove {added.item.number}` removes it (or use its menu in your Home)."
    )
    return Message(
        text="Your manager added to your list", blocks=[SectionBlock(text=md(clip(text, 2900)))]
    )


def item_added_text(added: AddedFor) -> str:
    """The manager's reply to `for @kofi add …`."""
    return clip(
        f"Added to {mention(added.member_user_id)}'s list:\n{_added_line(added)}\nI've told them.",
        2900,
    )
