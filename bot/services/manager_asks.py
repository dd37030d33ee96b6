"""The manager-link use cases that talk to Slack: sending the request, and telling each side
what happened once it is answered, expired or unlinked.

The link is stored before anything is said; a DM that fails after that is logged, except the
request itself, which is marked unsent so it leaves nothing pending behind.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

from bot.db import Database
from bot.models import ManagerLink
from bot.services import asking, manager_links
from bot.services.errors import UserError
from bot.services.manager_links import Accepted, Unlinked
from bot.services.messenger import Messenger, MessengerError
from bot.slack.blocks import manager_links as link_blocks
from bot.slack.blocks.messages import Message, notice
from bot.slack.blocks.refusals import refusal_text

log = logging.getLogger(__name__)


def ask_manager(
    *,
    db: Database,
    messenger: Messenger,
    checked_in: AbstractContextManager[Session],
    acked: Callable[[], None],
    team_id: str,
    user_id: str,
    manager_user_id: str,
    now: dt.datetime,
) -> str:
    """`/mgr-goal manager @dana`; what to tell the member (mrkdwn): asked, or why not.

    The guard rails that need no Slack call run in `checked_in` (a refusal raises before the
    ack); then the caller acks, Slack is asked about the person (not a bot, not deactivated),
    the request is stored (withdrawing a pending one) and they are DMed.
    """
    with checked_in as session:
        manager_links.check_request(
            session, team_id=team_id, user_id=user_id, manager_user_id=manager_user_id, now=now
        )
    acked()
    try:
        return _ask(
            db=db,
            messenger=messenger,
            team_id=team_id,
            user_id=user_id,
            manager_user_id=manager_user_id,
            now=now,
        )
    except UserError as exc:
        return refusal_text(exc)


def _ask(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    manager_user_id: str,
    now: dt.datetime,
) -> str:
    person = asking.look_up(messenger, manager_user_id, sent="the request")
    with db.session() as session:
        requested = manager_links.create_request(
            session, team_id=team_id, user_id=user_id, manager=person, now=now
        )
        link_id = requested.link.id
        message = link_blocks.request_message(requested.link)
        withdrawn, expired = requested.withdrawn, requested.expired
        for closed in (withdrawn, expired):
            if closed is not None:
                closed.member = requested.link.member
    if withdrawn is not None:
        close_dm(
            messenger=messenger, link=withdrawn, message=link_blocks.request_withdrawn(withdrawn)
        )
    if expired is not None:
        close_dm(messenger=messenger, link=expired, message=link_blocks.request_expired(expired))
    asking.dm_the_ask(
        db=db,
        messenger=messenger,
        to_user_id=manager_user_id,
        message=message,
        sent="the request",
        what="manager link",
        delivered=lambda session, channel, ts: manager_links.mark_delivered(
            session, link_id=link_id, channel=channel, ts=ts
        ),
        unsent=lambda session: manager_links.mark_unsent(session, link_id=link_id, now=now),
    )
    return link_blocks.asked_text(manager_user_id=manager_user_id, withdrawn=withdrawn)


def close_dm(*, messenger: Messenger, link: ManagerLink, message: Message) -> None:
    """Replace the request DM (if it reached them) in place, so no button is left to press."""
    asking.replace_dm(
        messenger=messenger,
        channel=link.channel,
        ts=link.ts,
        message=message,
        what=f"manager link {link.id}",
    )


def _tell(messenger: Messenger, user_id: str, message: Message) -> None:
    """A DM about something already stored: a failure is logged and nothing more."""
    try:
        messenger.post_dm(user_id=user_id, message=message)
    except MessengerError as exc:
        log.warning("manager link DM to %s failed: %s", user_id, exc)


def tell_accepted(*, messenger: Messenger, accepted: Accepted) -> None:
    """The request DM says accepted; the member is told; a replaced manager is told."""
    link = accepted.link
    close_dm(messenger=messenger, link=link, message=link_blocks.request_accepted(link))
    _tell(messenger, link.member.user_id, link_blocks.accepted_dm(link))
    if accepted.replaced is not None:
        _tell(
            messenger, accepted.replaced.manager_user_id, link_blocks.replaced_dm(accepted.replaced)
        )


def tell_declined(*, messenger: Messenger, link: ManagerLink) -> None:
    close_dm(messenger=messenger, link=link, message=link_blocks.request_declined(link))
    _tell(messenger, link.member.user_id, link_blocks.declined_dm(link))


def tell_expired(*, messenger: Messenger, link: ManagerLink) -> None:
    """Nobody answered in time: the request DM says it expired; the member is told."""
    close_dm(messenger=messenger, link=link, message=link_blocks.request_expired(link))
    _tell(messenger, link.member.user_id, link_blocks.expired_dm(link))


def tell_unlinked_by_manager(*, messenger: Messenger, link: ManagerLink) -> None:
    _tell(messenger, link.member.user_id, link_blocks.unlinked_by_manager_dm(link))


def tell_unlinked_by_member(*, messenger: Messenger, unlinked: Unlinked) -> None:
    """The ended link's manager is told; a withdrawn request's DM says so."""
    if unlinked.ended is not None:
        _tell(
            messenger,
            unlinked.ended.manager_user_id,
            link_blocks.unlinked_by_member_dm(unlinked.ended),
        )
    if unlinked.withdrawn is not None:
        close_dm(
            messenger=messenger,
            link=unlinked.withdrawn,
            message=link_blocks.request_withdrawn(unlinked.withdrawn),
        )


def from_setup(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    named: str | None,
    now: dt.datetime,
) -> None:
    """The manager field of the setup form, once the form is saved: someone new is asked, as
    `/mgr-goal manager @dana` would; an emptied field unlinks, as `manager off` would. The
    same person as now (linked, or asked and not answered yet) changes nothing. The member
    hears how it went in a DM: the form itself has closed."""
    with db.session() as session:
        current = manager_links.status(session, team_id=team_id, user_id=user_id, now=now)
        linked = {link.manager_user_id for link in (current.active, current.pending) if link}
    if named in linked or (named is None and not linked):
        return
    if named is None:
        with db.session() as session:
            try:
                unlinked = manager_links.unlink_by_member(
                    session, team_id=team_id, user_id=user_id, now=now
                )
            except UserError:
                return  # answered or ended meanwhile: nothing left to unlink
        tell_unlinked_by_member(messenger=messenger, unlinked=unlinked)
        text = link_blocks.unlinked_text(unlinked)
    else:
        try:
            with db.session() as session:
                manager_links.check_request(
                    session, team_id=team_id, user_id=user_id, manager_user_id=named, now=now
                )
            text = _ask(
                db=db,
                messenger=messenger,
                team_id=team_id,
                user_id=user_id,
                manager_user_id=named,
                now=now,
            )
        except UserError as exc:
            text = refusal_text(exc)
    _tell(messenger, user_id, notice(text))
