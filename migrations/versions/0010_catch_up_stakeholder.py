"""a catch-up check-in names its stakeholder

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:06:08

One nullable column: rows before it are all other moves.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stakeholder_user_id', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('stakeholder_user_id')
