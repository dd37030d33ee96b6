"""What Slack's refusals mean for a send: the bot's fault, the recipient's, or a passing one.

`classify` is the one reading of Slack's error code for every scheduled send (a check-in DM,
its reminder, a channel's digest); the sender settles its row by the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

# Slack's answers that mean the bot's token (or the app's install) is the problem: every send
# fails alike, so the sender stops (bot.jobs.gate) and the row stays due.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",  # the token belongs to a deleted user or workspace
        "token_revoked",
        "token_expired",
        "missing_scope",  # the app lost chat:write: every send fails until it is reinstalled
        "no_permission",
        "team_access_not_granted",
    }
)

# Errors that mean this person can't get our DMs; retrying would never help. Token errors are
# not the member's doing and never mark them.
UNDELIVERABLE_TO_PERSON = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "messages_tab_disabled",
        "is_archived",
    }
)

# Errors that mean the bot can't post in the channel any more; retrying would never help.
UNDELIVERABLE_TO_CHANNEL = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "access_denied"}
)

Recipient = Literal["person", "channel"]


class Outcome(StrEnum):
    SENT = "sent"
    FAILED = "failed"  # a passing failure: retried later
    UNDELIVERABLE = "undeliverable"  # the person or channel can't be reached: not retried
    TOKEN_REJECTED = "token_rejected"  # the bot's token: the row stays due, untouched


@dataclass(frozen=True)
class Posted:
    """How one send went, and Slack's error if it failed."""

    outcome: Outcome
    error: str = ""


def classify(code: str, *, to: Recipient) -> Outcome:
    """What Slack's error `code` for a send to a person (a DM) or a channel means: the token
    (checked first: it is never the recipient's fault), a recipient that can't be reached, or
    a failure worth retrying."""
    if code in TOKEN_ERRORS:
        return Outcome.TOKEN_REJECTED
    undeliverable = UNDELIVERABLE_TO_PERSON if to == "person" else UNDELIVERABLE_TO_CHANNEL
    if code in undeliverable:
        return Outcome.UNDELIVERABLE
    return Outcome.FAILED
