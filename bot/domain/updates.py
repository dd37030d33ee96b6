"""The monthly update: one text the member sends, and each person it went to."""

from __future__ import annotations

from enum import StrEnum


class RecipientState(StrEnum):
    PENDING = "pending"  # stored with the update; the DM goes out right after the ack
    SENT = "sent"
    FAILED = "failed"  # Slack would not deliver the DM (deactivated, not in the workspace)
