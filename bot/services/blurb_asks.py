"""The blurb use cases that talk to Slack: asking a colleague, and handing a written blurb over.

They take a `Messenger`, so service tests run them against a fake with a real database.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.db import Database
from bot.domain.commands import AskBlurb
from bot.models import BlurbRequest
from bot.services import asking, blurbs
from bot.services.errors import UserError
from bot.services.messenger import Messenger, MessengerError
from bot.slack.blocks import blurbs as blurb_blocks
from bot.slack.blocks.messages import Message
from bot.slack.blocks.refusals import refusal_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asked:
    """A request the colleague now has: who, and what they helped with (trimmed)."""

    request_id: int
    colleague_user_id: str
    about: str


def ask(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    colleague_user_id: str,
    about: str,
    win_id: int | None,
    now: dt.datetime,
) -> Asked:
    """Check the colleague with Slack, store the request, DM them.

    Runs after the ack, in three short transactions rather than one: no write lock is held
    while Slack answers, and the DM names a request that is already stored. A DM that can't be
    delivered marks the request unsent, so it leaves no open request behind.
    """
    colleague = asking.look_up(messenger, colleague_user_id, sent="the request")
    with db.session() as session:
        request = blurbs.create_request(
            session,
            team_id=team_id,
            user_id=user_id,
            colleague=colleague,
            about=about,
            win_id=win_id,
            now=now,
        )
        message = blurb_blocks.request_message(request, requester=user_id)
        asked = Asked(request.id, colleague_user_id, request.about)
    asking.dm_the_ask(
        db=db,
        messenger=messenger,
        to_user_id=colleague_user_id,
        message=message,
        sent="the request",
        what="blurb request",
        delivered=lambda session, channel, ts: blurbs.mark_delivered(
            session, request_id=asked.request_id, channel=channel, ts=ts
        ),
        unsent=lambda session: blurbs.mark_unsent(session, request_id=asked.request_id),
    )
    return asked


def hand_over(*, messenger: Messenger, request: BlurbRequest) -> None:
    """After the colleague wrote the blurb: their DM loses its buttons, the requester gets it.

    The blurb is stored already and shows on the requester's Home tab, so a failed DM is logged
    and nothing more.
    """
    close_dm(messenger=messenger, request=request, message=blurb_blocks.request_written(request))
    requester = request.member.user_id
    try:
        messenger.post_dm(user_id=requester, message=blurb_blocks.received_message(request))
    except MessengerError as exc:
        log.warning("blurb arrival DM to %s failed: %s", requester, exc)


def close_dm(*, messenger: Messenger, request: BlurbRequest, message: Message) -> None:
    """Replace the colleague's DM (if it reached them) with `message`."""
    asking.replace_dm(
        messenger=messenger,
        channel=request.channel,
        ts=request.ts,
        message=message,
        what=f"blurb request {request.id}",
    )


def ask_blurb(
    *,
    db: Database,
    messenger: Messenger,
    checked_in: AbstractContextManager[Session],
    acked: Callable[[], None],
    team_id: str,
    user_id: str,
    wanted: AskBlurb,
    win_id: int | None,
    now: dt.datetime,
) -> str:
    """Asking for a blurb, from the ask modal or `/mgr-goal blurb`; what to tell the member:
    that it was asked, or why not (mrkdwn).

    The guard rails run in `checked_in`, the transaction that answers the ack (a refusal
    raises FieldErrors before anything is acked); then the caller acks (`acked`), and only
    then is Slack asked about the colleague and the colleague DMed (`ask`).
    """
    with checked_in as session:
        blurbs.check_request(
            session,
            team_id=team_id,
            user_id=user_id,
            colleague_user_id=wanted.colleague,
            about=wanted.about,
            now=now,
        )
    acked()
    try:
        asked = ask(
            db=db,
            messenger=messenger,
            team_id=team_id,
            user_id=user_id,
            colleague_user_id=wanted.colleague,
            about=wanted.about,
            win_id=win_id,
            now=now,
        )
    except UserError as exc:
        return refusal_text(exc)
    return blurb_blocks.asked_text(colleague_user_id=asked.colleague_user_id, about=asked.about)
