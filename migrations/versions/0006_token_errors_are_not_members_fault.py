"""members marked unreachable by a token error get check-ins again

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 12:10:00

Before issue 9, an answer that meant the bot's token was bad (invalid_auth, account_inactive…)
marked every due member unreachable, and they stayed so until each ran `/mgr-goal resume`.
Those errors now pause sending for the workspace instead; this clears the marks they left, so
the next tick schedules those members again. Members marked for their own reasons
(user_disabled, cannot_dm_bot…) stay marked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in bot/jobs/gate.py TOKEN_ERRORS on the day this was written (a migration never imports
# application code, which moves on).
TOKEN_ERRORS = (
    'invalid_auth',
    'not_authed',
    'account_inactive',
    'token_revoked',
    'token_expired',
    'missing_scope',
    'no_permission',
    'team_access_not_granted',
)


def upgrade() -> None:
    member = sa.table('member', sa.column('unreachable', sa.String))
    op.execute(
        member.update()
        .where(member.c.unreachable.in_(TOKEN_ERRORS))
        .values(unreachable=None)
    )


def downgrade() -> None:
    # Nothing to restore: the marks were wrong.
    pass
