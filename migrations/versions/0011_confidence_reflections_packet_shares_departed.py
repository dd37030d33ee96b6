"""confidence, reflections, packet shares, departed users

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 19:38:29.213673

New tables, and two check-in flags that default to false.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "departed_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("departed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departed_user")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_departed_user_team_user"),
    )
    op.create_table(
        "packet_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("manager_user_id", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_packet_share_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packet_share")),
    )
    with op.batch_alter_table("packet_share", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_packet_share_member_id"), ["member_id"], unique=False)

    op.create_table(
        "confidence_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkin.id"],
            name=op.f("fk_confidence_answer_checkin_id_checkin"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_confidence_answer_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidence_answer")),
        sa.UniqueConstraint("checkin_id", name=op.f("uq_confidence_answer_checkin_id")),
    )
    with op.batch_alter_table("confidence_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_confidence_answer_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("still_want", sa.String(length=16), nullable=False),
        sa.Column("energised", sa.String(length=2000), nullable=True),
        sa.Column("drained", sa.String(length=2000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkin.id"],
            name=op.f("fk_reflection_checkin_id_checkin"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_reflection_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection")),
    )
    with op.batch_alter_table("reflection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reflection_member_id"), ["member_id"], unique=False)

    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("asks_confidence", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("looks_back", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_column("looks_back")
        batch_op.drop_column("asks_confidence")

    with op.batch_alter_table("reflection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_member_id"))

    op.drop_table("reflection")
    with op.batch_alter_table("confidence_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_confidence_answer_member_id"))

    op.drop_table("confidence_answer")
    with op.batch_alter_table("packet_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_packet_share_member_id"))

    op.drop_table("packet_share")
    op.drop_table("departed_user")
