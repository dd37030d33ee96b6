"""What a linked manager adds to a member's list: "Add what I need to see" on their Home and
`/mgr-goal for @kofi add …`.

Every use goes through `active_manager_link` at the moment of the change, whatever ids the
payload names: a form opened while linked and submitted after an unlink adds nothing. The item
is the member's like any other (they edit or remove it); it carries the manager as who asked.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from bot.models import CampaignItem, ManagerLink
from bot.services import campaign
from bot.services.campaign import ItemFields
from bot.services.errors import AboutPerson, UserError
from bot.services.manager_links import active_manager_link, link_for_manager
from bot.services.members import today_of
from bot.services.messenger import Messenger, MessengerError
from bot.slack.blocks import manager_links as link_blocks

log = logging.getLogger(__name__)

YOURSELF = "That's you: add to your own list with `/mgr-goal add <text>`."


@dataclass(frozen=True)
class AddedFor:
    """An item a manager added, and the member's local today (for its due label)."""

    item: CampaignItem
    member_user_id: str
    manager_user_id: str
    today: dt.date


NOT_LINKED = (
    "manager in mgr-goal, so you can't add to their list. They can ask you with "
    "`/mgr-goal manager @you`; you see their list once you accept."
)


class NotLinked(AboutPerson):
    """The person isn't (or is no longer) the member's active manager; the reply names the
    member with a mention (see `refusal_text`)."""

    def __init__(self, member_user_id: str) -> None:
        super().__init__(
            "You're not linked as {who}'s " + NOT_LINKED,
            user_id=member_user_id,
            shown_as="this person",
        )


def not_linked(member_user_id: str) -> UserError:
    return NotLinked(member_user_id)


def check_link(session: Session, *, team_id: str, user_id: str, member_user_id: str) -> ManagerLink:
    """The active link that lets `user_id` add to `member_user_id`'s list, or a UserError."""
    if member_user_id == user_id:
        raise UserError(YOURSELF)
    link = active_manager_link(
        session, team_id=team_id, manager_user_id=user_id, member_user_id=member_user_id
    )
    if link is None:
        raise not_linked(member_user_id)
    return link


def member_of_link(session: Session, *, team_id: str, user_id: str, link_id: int) -> str:
    """The member a button's link names, if the presser is their active manager now: the
    button may be in an update DM older than an unlink and a new link."""
    link = link_for_manager(session, team_id=team_id, user_id=user_id, link_id=link_id)
    return check_link(
        session, team_id=team_id, user_id=user_id, member_user_id=link.member.user_id
    ).member.user_id


def add_for_member(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    member_user_id: str,
    fields: ItemFields,
    now: dt.datetime,
) -> AddedFor:
    """Add an item to the list of the member `user_id` is the active manager of, asked by
    `user_id`; the link is checked here, in the transaction that stores the item."""
    link = check_link(session, team_id=team_id, user_id=user_id, member_user_id=member_user_id)
    item = campaign.add_item(
        session,
        team_id=team_id,
        user_id=member_user_id,
        fields=replace(fields, asked_by=user_id),
        now=now,
    )
    return AddedFor(
        item=item,
        member_user_id=member_user_id,
        manager_user_id=user_id,
        today=today_of(link.member, now),
    )


def tell_member(*, messenger: Messenger, added: AddedFor) -> None:
    """The member's DM about the item; a failure is logged (the item is stored)."""
    try:
        messenger.post_dm(user_id=added.member_user_id, message=link_blocks.item_added_dm(added))
    except MessengerError as exc:
        log.warning("manager item DM to %s failed: %s", added.member_user_id, exc)
