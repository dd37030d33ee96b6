"""Modal submissions that were already stored, so a repeat of one changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from bot.db import insert_unless_exists
from bot.models import VIEW_ID_MAX, ViewSubmission

# Slack doesn't resend a submission days later; a week is far more than a double click needs.
KEEP = dt.timedelta(days=7)
_SLACK_ID = re.compile(rf"[A-Za-z0-9]{{1,{VIEW_ID_MAX}}}")


def claim(
    session: Session, *, team_id: str, view_id: str, callback_id: str, now: dt.datetime
) -> bool:
    """Record this modal's submission; False when it was already stored.

    Run it first in the transaction that stores what the form says: a concurrent repeat waits
    on the unique key until that commits (then finds it) or rolls back (then stores itself), so
    a submission refused with inline errors leaves no key and the corrected form still saves.
    """
    row = insert_unless_exists(
        session,
        ViewSubmission,
        {
            "team_id": team_id,
            "view_id": _key(view_id),
            "callback_id": callback_id,
            "created_at": now,
        },
    )
    return row is not None


def _key(view_id: str) -> str:
    """The view id as stored: Slack's ids as they are; anything else (too long, odd
    characters) as a digest of fixed length, so it is still one key and never an error."""
    if _SLACK_ID.fullmatch(view_id):
        return view_id
    digest = hashlib.sha256(view_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"h:{digest}"[:VIEW_ID_MAX]


def forget_old(session: Session, *, now: dt.datetime) -> int:
    """Drop keys older than a week; returns how many."""
    result = session.execute(delete(ViewSubmission).where(ViewSubmission.created_at < now - KEEP))
    # A DELETE answers with a CursorResult, which is what carries the row count.
    return int(cast("CursorResult[Any]", result).rowcount or 0)
