"""stakeholders: the members of management a member keeps informed, and each conversation

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:15:00

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'stakeholder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.String(length=32), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=True),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_contact_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['member_id'],
            ['member.id'],
            name=op.f('fk_stakeholder_member_id_member'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder')),
        sa.UniqueConstraint('member_id', 'user_id', name='uq_stakeholder_member_user'),
    )
    op.create_table(
        'stakeholder_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stakeholder_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ['stakeholder_id'],
            ['stakeholder.id'],
            name=op.f('fk_stakeholder_contact_stakeholder_id_stakeholder'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_contact')),
    )
    with op.batch_alter_table('stakeholder_contact', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_stakeholder_contact_stakeholder_id'), ['stakeholder_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('stakeholder_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_contact_stakeholder_id'))
    op.drop_table('stakeholder_contact')
    op.drop_table('stakeholder')
