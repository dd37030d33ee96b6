"""The monthly update's DMs: `deliver` sends each recipient theirs once and records it;
`send_receipt` tells the member who got it; `stranded` finds the ones a restart cut off, for
the tick to send.

Each recipient's row is claimed (PENDING with no sent_at, set conditionally) before its DM, so
a second delivery of the same update, or two ticks at once, send nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import suppress
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import Database
from bot.domain.updates import RecipientState
from bot.models import MonthlyUpdate, UpdateRecipient
from bot.services import stakeholders
from bot.services.manager_links import active_link
from bot.services.messenger import Messenger, MessengerError
from bot.services.updates import Recipient, Stored
from bot.slack.blocks import updates as update_blocks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivered:
    sent: tuple[str, ...]
    failed: tuple[str, ...]


def deliver(*, db: Database, messenger: Messenger, stored: Stored, now: dt.datetime) -> Delivered:
    """DM each recipient once, then record it: sent (with the DM's channel and ts, and as a
    contact with a stakeholder), or failed. Each row leaves PENDING once, conditionally, so a
    second delivery of the same update sends nothing."""
    sent: list[str] = []
    failed: list[str] = []
    for recipient in stored.recipients:
        to_self = recipient.user_id == stored.member_user_id
        message = (
            update_blocks.own_copy(stored.text)
            if to_self
            else update_blocks.update_dm(
                member_user_id=stored.member_user_id,
                text=stored.text,
                link_id=stored.manager_link_id if recipient.is_manager else None,
            )
        )
        with db.session() as session:
            claimed = session.execute(
                update(UpdateRecipient)
                .where(
                    UpdateRecipient.id == recipient.row_id,
                    UpdateRecipient.state == RecipientState.PENDING,
                    UpdateRecipient.sent_at.is_(None),
                )
                .values(sent_at=now)
                .execution_options(synchronize_session=False)
            )
        if not getattr(claimed, "rowcount", 0):
            continue
        try:
            channel, ts = messenger.post_dm(user_id=recipient.user_id, message=message)
        except MessengerError as exc:
            log.warning("monthly update DM to %s failed: %s", recipient.user_id, exc)
            with db.session() as session:
                _mark(session, recipient.row_id, state=RecipientState.FAILED, sent_at=None)
            failed.append(recipient.user_id)
            continue
        with db.session() as session:
            _mark(session, recipient.row_id, state=RecipientState.SENT, channel=channel, ts=ts)
            if not to_self and not recipient.is_manager:
                _count_as_contact(session, stored=stored, user_id=recipient.user_id, now=now)
        sent.append(recipient.user_id)
    return Delivered(sent=tuple(sent), failed=tuple(failed))


def send_receipt(*, messenger: Messenger, member_user_id: str, delivered: Delivered) -> None:
    """DM the member who got their update and who it couldn't reach (nothing when it was only
    their own copy). The update went out either way (the Home shows it), so a failed receipt
    is dropped."""
    receipt = update_blocks.receipt(delivered, member_user_id=member_user_id)
    if receipt is not None:
        with suppress(MessengerError):
            messenger.post_dm(user_id=member_user_id, message=receipt)


def reached(session: Session, *, update_id: int) -> tuple[str, ...]:
    """Everyone this update's DM reached, in the order they were chosen."""
    return tuple(
        session.scalars(
            select(UpdateRecipient.user_id)
            .where(
                UpdateRecipient.update_id == update_id,
                UpdateRecipient.state == RecipientState.SENT,
            )
            .order_by(UpdateRecipient.id)
        )
    )


# An update whose DMs were not all claimed this long after it was stored was cut off (a
# restart between storing and sending): the tick sends the rest.
STRANDED_AFTER = dt.timedelta(minutes=2)


def stranded(session: Session, *, now: dt.datetime, limit: int = 20) -> list[Stored]:
    """Updates with a recipient still unclaimed STRANDED_AFTER after storing, as `deliver`
    takes them. Each row is claimed inside `deliver`, so two ticks never send one twice."""
    cut_off = session.scalars(
        select(MonthlyUpdate)
        .where(
            MonthlyUpdate.created_at <= now - STRANDED_AFTER,
            MonthlyUpdate.recipients.any(
                (UpdateRecipient.state == RecipientState.PENDING)
                & UpdateRecipient.sent_at.is_(None)
            ),
        )
        .options(selectinload(MonthlyUpdate.recipients), selectinload(MonthlyUpdate.member))
        .order_by(MonthlyUpdate.id)
        .limit(limit)
    ).all()
    found = []
    for row in cut_off:
        link = active_link(session, team_id=row.team_id, user_id=row.member.user_id)
        waiting = []
        for r in row.recipients:
            if r.state != RecipientState.PENDING or r.sent_at is not None:
                continue
            if r.is_manager and (link is None or link.manager_user_id != r.user_id):
                r.state = RecipientState.FAILED  # unlinked since: they get nothing
                continue
            waiting.append(Recipient(r.id, r.user_id, r.is_manager))
        found.append(
            Stored(
                update_id=row.id,
                member_user_id=row.member.user_id,
                text=row.text,
                manager_link_id=link.id if link else None,
                recipients=tuple(waiting),
            )
        )
    return found


def _mark(
    session: Session, row_id: int, *, state: RecipientState, **values: str | dt.datetime | None
) -> None:
    session.execute(
        update(UpdateRecipient)
        .where(UpdateRecipient.id == row_id)
        .values(state=state, **values)
        .execution_options(synchronize_session=False)
    )


def _count_as_contact(session: Session, *, stored: Stored, user_id: str, now: dt.datetime) -> None:
    update_row = session.get(MonthlyUpdate, stored.update_id)
    if update_row is not None:
        stakeholders.log_contact(
            session,
            member=update_row.member,
            stakeholder_user_id=user_id,
            now=now,
            note="Monthly update sent",
        )
