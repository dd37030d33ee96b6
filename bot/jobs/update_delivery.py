"""Send the monthly-update DMs a restart cut off between storing the update and sending it,
then the member's receipt, which the cut-off Send never got to."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.services import update_dms
from bot.services.messenger import Messenger


def send_stranded_updates(
    *, db: Database, messenger: Messenger, now: dt.datetime
) -> dict[str, int]:
    """Send each cut-off update's remaining DMs, then its member's receipt naming everyone it
    reached (before the cut too); the count of DMs sent, for the tick's report."""
    with db.session() as session:
        stranded = update_dms.stranded(session, now=now)
    sent = 0
    for stored in stranded:
        delivered = update_dms.deliver(db=db, messenger=messenger, stored=stored, now=now)
        sent += len(delivered.sent)
        if not (delivered.sent or delivered.failed):
            continue  # another tick took them
        with db.session() as session:
            reached = update_dms.reached(session, update_id=stored.update_id)
        update_dms.send_receipt(
            messenger=messenger,
            member_user_id=stored.member_user_id,
            delivered=update_dms.Delivered(sent=reached, failed=delivered.failed),
        )
    return {"update_dms_resent": sent} if sent else {}
