"""People Slack reported deleted: nothing is sent to them any more, whatever their role.

One record (`DepartedUser`) and one check in the sending path: every `SlackClient` the app and
the tick use is given `checker(db)`, and refuses a DM or an upload to a departed person with
Slack's own answer for a deactivated account (`user_disabled`). Each sender already knows what
that answer means for its row (an update's recipient is recorded failed, an ask is
refused, a check-in marks its member unreachable), so no feature needs its own check. The
member's check-ins stop earlier still: their row is marked unreachable, which keeps them out
of the tick. Reactivation lifts both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db import Database, insert_unless_exists
from bot.models import DepartedUser
from bot.services.members import find_member, reschedule
from bot.services.messenger import MessengerError, SendFailed

# Why a departed member can't be reached (Member.unreachable), and Slack's code for a DM to them.
DEPARTED = "departed"
REFUSAL_CODE = "user_disabled"


def record(
    session: Session, *, team_id: str, user_id: str, deleted: bool, now: dt.datetime
) -> None:
    """Slack said this person is deleted (or back): record it, and stop (or resume) their
    check-ins if they are a member."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if deleted:
        insert_unless_exists(
            session, DepartedUser, {"team_id": team_id, "user_id": user_id, "departed_at": now}
        )
        if member is not None and member.unreachable != DEPARTED:
            member.unreachable = DEPARTED
            member.updated_at = now
            reschedule(member, now=now)
        return
    # Most profile changes are of people who never left: read before writing.
    this = (DepartedUser.team_id == team_id, DepartedUser.user_id == user_id)
    if session.scalar(select(DepartedUser.id).where(*this)) is not None:
        session.execute(delete(DepartedUser).where(*this))
    if member is not None and member.unreachable == DEPARTED:
        member.unreachable = None
        member.updated_at = now
        reschedule(member, now=now)


def is_departed(session: Session, *, user_id: str) -> bool:
    """Slack user ids are unique across workspaces, so the id alone names the person."""
    return (
        session.scalar(select(DepartedUser.id).where(DepartedUser.user_id == user_id).limit(1))
        is not None
    )


def checker(db: Database) -> Callable[[str], bool]:
    """The check `SlackClient(departed=…)` runs before each DM or upload: one short read."""

    def departed(user_id: str) -> bool:
        with db.session() as session:
            return is_departed(session, user_id=user_id)

    return departed


def could_not_dm(error: MessengerError, *, sent: str) -> str:
    """Why an ask (`sent`: "the request", "the ask") didn't go out, safe to show the member:
    the person has left the workspace, or Slack didn't take the DM just now."""
    if isinstance(error, SendFailed) and error.code == REFUSAL_CODE:
        return f"They're no longer in this Slack workspace, so I didn't send {sent}."
    return f"I couldn't DM them just now, so I didn't send {sent}. Try again in a bit."
