"""What every ask of another person shares (a blurb request, a stakeholder ask, a manager link
request): who Slack says the person is, the DM that names an ask already stored, and the DM
replaced once the ask is closed.

Each runs outside any transaction: no write lock is held while Slack answers. The row's own
module says what "delivered" and "unsent" mean for it; these functions only call them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.db import Database
from bot.services import departures
from bot.services.blurbs import Colleague
from bot.services.errors import UserError
from bot.services.messenger import Messenger, MessengerError
from bot.slack.blocks.messages import Message

log = logging.getLogger(__name__)

SLACKBOT = "USLACKBOT"


def look_up(messenger: Messenger, user_id: str, *, sent: str) -> Colleague | None:
    """What Slack says about the person; None when Slack doesn't know them. When Slack can't
    answer, the refusal names what wasn't sent (`sent`, e.g. "the ask")."""
    try:
        profile = messenger.user_profile(user_id=user_id)
    except MessengerError as exc:
        log.warning("users.info for %s failed: %s", user_id, exc)
        raise UserError(
            f"I couldn't check that person with Slack just now, so I didn't send {sent}. "
            "Try again in a minute."
        ) from None
    if profile is None:
        return None
    return Colleague(
        user_id=user_id,
        is_bot=bool(profile.get("is_bot")) or user_id == SLACKBOT,
        deleted=bool(profile.get("deleted")),
    )


def dm_the_ask(
    *,
    db: Database,
    messenger: Messenger,
    to_user_id: str,
    message: Message,
    sent: str,
    what: str,
    delivered: Callable[[Session, str, str], None],
    unsent: Callable[[Session], None],
) -> None:
    """DM the person an ask that is stored already, then record where the DM is (`delivered`,
    with its channel and ts). A DM that can't be delivered runs `unsent`, so no open ask is
    left behind, and raises UserError naming what wasn't sent (`sent`, e.g. "the ask"); the
    log names the kind of ask (`what`, e.g. "stakeholder ask")."""
    try:
        channel, ts = messenger.post_dm(user_id=to_user_id, message=message)
    except MessengerError as exc:
        log.warning("%s DM to %s failed: %s", what, to_user_id, exc)
        with db.session() as session:
            unsent(session)
        raise UserError(departures.could_not_dm(exc, sent=sent)) from None
    with db.session() as session:
        delivered(session, channel, ts)


def replace_dm(
    *, messenger: Messenger, channel: str | None, ts: str | None, message: Message, what: str
) -> None:
    """Replace an ask's DM (if it reached them) with `message`, so no button is left to press.
    The ask is closed either way, so a failure is only logged."""
    if not (channel and ts):
        return
    try:
        messenger.update_message(channel=channel, ts=ts, message=message)
    except MessengerError as exc:
        log.warning("could not update the DM for %s: %s", what, exc)
