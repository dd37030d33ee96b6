"""one stored submission per modal

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 11:26:09.739925
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new table only: existing rows are untouched, and submissions from before the upgrade
    # simply have no key (they were stored already).
    op.create_table(
        'view_submission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('view_id', sa.String(length=64), nullable=False),
        sa.Column('callback_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_view_submission')),
        sa.UniqueConstraint('team_id', 'view_id', 'callback_id', name='uq_view_submission_view'),
    )
    with op.batch_alter_table('view_submission', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_view_submission_created_at'), ['created_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('view_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_view_submission_created_at'))
    op.drop_table('view_submission')
