"""one open blurb request per pair

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("state = 'open'")


def upgrade() -> None:
    # Two asks that raced under 0003 may have left a pair with two open requests: keep the
    # newest open, expire the older ones, so the unique index can be built.
    op.execute(
        "UPDATE blurb_request SET state = 'expired' WHERE state = 'open' AND EXISTS ("
        " SELECT 1 FROM blurb_request AS newer WHERE newer.state = 'open'"
        " AND newer.member_id = blurb_request.member_id"
        " AND newer.colleague_user_id = blurb_request.colleague_user_id"
        " AND newer.id > blurb_request.id)"
    )
    with op.batch_alter_table('blurb_request', schema=None) as batch_op:
        batch_op.create_index(
            'uq_blurb_request_open_pair',
            ['member_id', 'colleague_user_id'],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )


def downgrade() -> None:
    with op.batch_alter_table('blurb_request', schema=None) as batch_op:
        batch_op.drop_index('uq_blurb_request_open_pair')
