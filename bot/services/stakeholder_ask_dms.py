"""The stakeholder-ask use cases that talk to Slack: asking, telling the member about the
answers, and closing the stakeholder's DM. They take a `Messenger`, so service tests run them
against a fake with a real database."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.db import Database
from bot.models import StakeholderAsk
from bot.services import asking, stakeholder_asks
from bot.services.errors import UserError
from bot.services.messenger import Messenger, MessengerError
from bot.slack.blocks import stakeholder_asks as ask_blocks
from bot.slack.blocks.messages import Message
from bot.slack.blocks.refusals import refusal_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asked:
    """Whom the member asked, and what the reply should say about it."""

    ask_id: int
    stakeholder_user_id: str
    added: bool
    enrolled: bool


def ask(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    stakeholder_user_id: str,
    now: dt.datetime,
) -> Asked:
    """Check the person with Slack, store the ask, DM them.

    Three short transactions, as for blurb requests: no write lock while Slack answers, the DM
    names an ask that is stored already, and a DM that fails marks the ask unsent.
    """
    person = asking.look_up(messenger, stakeholder_user_id, sent="the ask")
    with db.session() as session:
        created = stakeholder_asks.create_ask(
            session, team_id=team_id, user_id=user_id, person=person, now=now
        )
        message = ask_blocks.ask_message(created.ask)
        asked = Asked(created.ask.id, stakeholder_user_id, created.added, created.enrolled)
    asking.dm_the_ask(
        db=db,
        messenger=messenger,
        to_user_id=stakeholder_user_id,
        message=message,
        sent="the ask",
        what="stakeholder ask",
        delivered=lambda session, channel, ts: stakeholder_asks.mark_delivered(
            session, ask_id=asked.ask_id, channel=channel, ts=ts
        ),
        unsent=lambda session: stakeholder_asks.mark_unsent(session, ask_id=asked.ask_id),
    )
    return asked


def ask_stakeholder(
    *,
    db: Database,
    messenger: Messenger,
    checked_in: AbstractContextManager[Session],
    acked: Callable[[], None],
    team_id: str,
    user_id: str,
    stakeholder_user_id: str,
    now: dt.datetime,
) -> Asked | str:
    """`/mgr-goal stakeholder ask @carol` or "Ask what they'd need" on the Home.

    The guard rails run in `checked_in` (a refusal raises before anything is acked); then the
    caller acks (`acked`), and only then is Slack asked about the person and the person DMed.
    Returns the ask, or why not (mrkdwn) when Slack's answer refused it.
    """
    with checked_in as session:
        stakeholder_asks.check_ask(
            session,
            team_id=team_id,
            user_id=user_id,
            stakeholder_user_id=stakeholder_user_id,
            now=now,
        )
    acked()
    try:
        return ask(
            db=db,
            messenger=messenger,
            team_id=team_id,
            user_id=user_id,
            stakeholder_user_id=stakeholder_user_id,
            now=now,
        )
    except UserError as exc:
        return refusal_text(exc)


def tell_answered(*, messenger: Messenger, answered: stakeholder_asks.Answered) -> None:
    """After the answer: the stakeholder's DM loses its buttons, the member hears what was
    added. The items are stored already, so a failed DM is only logged."""
    ask = answered.ask
    close_dm(messenger=messenger, ask=ask, message=ask_blocks.ask_answered(ask))
    member = ask.member.user_id
    message = ask_blocks.answered_dm(
        stakeholder_user_id=ask.stakeholder_user_id, items=answered.items
    )
    try:
        messenger.post_dm(user_id=member, message=message)
    except MessengerError as exc:
        log.warning("stakeholder answer DM to %s failed: %s", member, exc)


def close_dm(*, messenger: Messenger, ask: StakeholderAsk, message: Message) -> None:
    """Replace the stakeholder's DM (if it reached them) with `message`."""
    asking.replace_dm(
        messenger=messenger,
        channel=ask.channel,
        ts=ask.ts,
        message=message,
        what=f"stakeholder ask {ask.id}",
    )
