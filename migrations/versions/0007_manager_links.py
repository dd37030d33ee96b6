"""manager links: a member asks someone to be their manager, who accepts or declines

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 17:30:00

A new table only. Member.manager_user_id values set through setup before this revision stay as
they are (they are what the Home shows as Manager); they grant nothing: access is an active
manager_link row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("state = 'pending'")
ACTIVE = sa.text("state = 'active'")


def upgrade() -> None:
    op.create_table(
        'manager_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('manager_user_id', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ended_by', sa.String(length=16), nullable=True),
        sa.Column('channel', sa.String(length=32), nullable=True),
        sa.Column('ts', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ['member_id'],
            ['member.id'],
            name=op.f('fk_manager_link_member_id_member'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_manager_link')),
    )
    with op.batch_alter_table('manager_link', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_manager_link_member_id'), ['member_id'], unique=False
        )
        batch_op.create_index(
            'ix_manager_link_manager', ['team_id', 'manager_user_id'], unique=False
        )
        batch_op.create_index(
            'uq_manager_link_pending',
            ['member_id'],
            unique=True,
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )
        batch_op.create_index(
            'uq_manager_link_active',
            ['member_id'],
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        )


def downgrade() -> None:
    with op.batch_alter_table('manager_link', schema=None) as batch_op:
        batch_op.drop_index('uq_manager_link_active')
        batch_op.drop_index('uq_manager_link_pending')
        batch_op.drop_index('ix_manager_link_manager')
        batch_op.drop_index(batch_op.f('ix_manager_link_member_id'))
    op.drop_table('manager_link')
