"""What Slack's refusals mean for a send: the bot's fault, the recipient's, or a passing one."""

from __future__ import annotations

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
UNDELIVERABLE_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "channel_not_found",
        "messages_tab_disabled",
        "is_archived",
    }
)
