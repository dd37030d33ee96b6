"""A stakeholder ask's life: "what would you need to see from me?" sent to a member of
management, open until they answer it, say "Not now", or it runs out.

Every way out starts from OPEN and is final, so two answers can't both win; the services run
each transition as an UPDATE conditional on the row still being open.
"""

from __future__ import annotations

from enum import StrEnum


class AskState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    DECLINED = "declined"  # "Not now": the member waits before asking this person again
    EXPIRED = "expired"
    UNSENT = "unsent"  # the DM never reached them, so it doesn't count as asked
