"""Send the monthly-update DMs a restart cut off between storing the update and sending it."""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.services import update_dms
from bot.services.messenger import Messenger


def send_stranded_updates(
    *, db: Database, messenger: Messenger, now: dt.datetime
) -> dict[str, int]:
    """The counts, for the tick's report."""
    with db.session() as session:
        stranded = update_dms.stranded(session, now=now)
    sent = 0
    for stored in stranded:
        sent += len(update_dms.deliver(db=db, messenger=messenger, stored=stored, now=now).sent)
    return {"update_dms_resent": sent} if sent else {}
