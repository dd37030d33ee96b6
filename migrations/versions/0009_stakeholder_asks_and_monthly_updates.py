"""stakeholder asks and monthly updates

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 19:02:19.256046

New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monthly_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_monthly_update_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_update")),
    )
    with op.batch_alter_table("monthly_update", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monthly_update_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "stakeholder_ask",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_user_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_stakeholder_ask_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_ask")),
    )
    with op.batch_alter_table("stakeholder_ask", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stakeholder_ask_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stakeholder_ask_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stakeholder_ask_state"), ["state"], unique=False)
        batch_op.create_index(
            "uq_stakeholder_ask_open_pair",
            ["member_id", "stakeholder_user_id"],
            unique=True,
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        )

    op.create_table(
        "update_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("is_manager", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["monthly_update.id"],
            name=op.f("fk_update_recipient_update_id_monthly_update"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_update_recipient")),
        sa.UniqueConstraint("update_id", "user_id", name="uq_update_recipient_update_user"),
    )
    with op.batch_alter_table("update_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_update_recipient_update_id"), ["update_id"], unique=False
        )
        batch_op.create_index("ix_update_recipient_user", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("update_recipient", schema=None) as batch_op:
        batch_op.drop_index("ix_update_recipient_user")
        batch_op.drop_index(batch_op.f("ix_update_recipient_update_id"))

    op.drop_table("update_recipient")
    with op.batch_alter_table("stakeholder_ask", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_stakeholder_ask_open_pair",
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_stakeholder_ask_state"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_ask_member_id"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_ask_expires_at"))

    op.drop_table("stakeholder_ask")
    with op.batch_alter_table("monthly_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monthly_update_member_id"))

    op.drop_table("monthly_update")
