"""How the bot names a person in text others read (an update, a packet): as Slack has them."""

from __future__ import annotations

import logging

from bot.services.messenger import Messenger, MessengerError

log = logging.getLogger(__name__)


def display_name(messenger: Messenger, user_id: str) -> str | None:
    """The person's full name as Slack has it, else their display name; None when unknown.

    The full name reads best to management; the display name is often a handle."""
    try:
        profile = messenger.user_profile(user_id=user_id)
    except MessengerError as exc:
        log.warning("users.info for %s failed: %s", user_id, exc)
        return None
    if not profile:
        return None
    inner = profile.get("profile")
    fields = inner if isinstance(inner, dict) else {}
    for value in (fields.get("real_name"), profile.get("real_name"), fields.get("display_name")):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:80]
    return None
