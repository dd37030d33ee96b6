"""Modal submissions that were already stored, so a repeat of one changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db import insert_unless_exists
from bot.models import VIEW_ID_MAX, ViewSubmission

# Slack doesn't resend a submission days later; a week is far more than a double click needs.
KEEP = dt.timedelta(days=7)


def claim(
    session: Session, *, team_id: str, view_id: str, callback_id: str, now: dt.datetime
) -> bool:
    """Record this modal's submission; False when it was already stored.

    Run it first in the transaction that stores what the form says: a concurrent repeat waits
    on the unique key until that commits (then finds it) or rolls back (then stores itself), so
    a submission refused with inline errors leaves no key and the corrected form still saves.
    """
    if not view_id or len(view_id) > VIEW_ID_MAX or len(callback_id) > VIEW_ID_MAX:
        raise ValueError(f"not a Slack view id: {view_id[:80]!r}")
    row = insert_unless_exists(
        session,
        ViewSubmission,
        {"team_id": team_id, "view_id": view_id, "callback_id": callback_id, "created_at": now},
    )
    return row is not None


def forget_old(session: Session, *, now: dt.datetime) -> int:
    """Drop keys older than a week; returns how many."""
    result = session.execute(delete(ViewSubmission).where(ViewSubmission.created_at < now - KEEP))
    return int(result.rowcount or 0)
