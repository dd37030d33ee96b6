"""Your data: everything mgr-goal holds about one person, handed to them (`export`) or deleted
(`forget`).

Rows are found by reflection over `Base.metadata`, never by a hand-kept list of models, so a
table added later is covered or fails loudly: `_owner_condition` places every table as the
member's own (their member row, a `member_id` column, a foreign key to a row of theirs, or a
team and user id), as acted on by them (`ACTED_BY`), or as holding no person
(`NOT_PERSONAL`); a table it can't place raises `UnplacedTable`.

Rows of *other* members that name this person (an item they asked for, a stakeholder list they
are on, a manager link where they are the manager, a blurb they wrote) follow `ABOUT_THEM`:
each such column is either cleared (the other member keeps the row, no longer attributed) or its
row removed. A mention of them in other members' free text (`<@U1>` in a win, an item, an update
sent) becomes "a former colleague". After `forget`, `leftovers` scans every string column of
every table and the transaction is refused if any still holds or mentions the user id.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    Table,
    Text,
    and_,
    delete,
    false,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.db import Database
from bot.domain.blurbs import FORMER_COLLEAGUE
from bot.domain.manager_links import LinkState
from bot.domain.packet import Options
from bot.models import Base, BlurbRequest, ManagerLink, Member
from bot.services import packet
from bot.services.errors import UserError
from bot.services.messenger import Messenger, Upload

# Tables that hold no person: a channel's digest posts (the wins in them are found through each
# member's own rows) and the record of which modals were stored.
NOT_PERSONAL = frozenset({"digest_post", "view_submission"})

# Tables a person acts on without owning: the channel's digest they turned on stays with the
# channel; the export shows it, forget-me clears their name from it.
ACTED_BY: Mapping[str, str] = {"digest": "turned_on_by"}


class Policy(StrEnum):
    CLEAR = "clear"  # the other member keeps the row; the column no longer names this person
    REMOVE = "remove"  # the row is only about this person (a link to them, a DM to them)


# Columns of other members' rows that can name this person, and what forget-me does to them.
# A blurb they wrote is cleared when it was answered (it stays with the other person) and
# removed otherwise (an unanswered ask to someone who is gone).
ABOUT_THEM: Mapping[tuple[str, str], Policy] = {
    ("member", "manager_user_id"): Policy.CLEAR,
    ("campaign_item", "asked_by_user_id"): Policy.CLEAR,
    ("checkin", "stakeholder_user_id"): Policy.CLEAR,
    ("digest", "turned_on_by"): Policy.CLEAR,
    ("blurb_request", "colleague_user_id"): Policy.CLEAR,
    ("manager_link", "manager_user_id"): Policy.REMOVE,
    ("stakeholder", "user_id"): Policy.REMOVE,
    ("stakeholder_ask", "stakeholder_user_id"): Policy.REMOVE,
    ("update_recipient", "user_id"): Policy.REMOVE,
    ("packet_share", "manager_user_id"): Policy.REMOVE,
}

EXPORT_FILENAME = "mgr-goal-your-data.json"

# What a mention of them in someone else's text becomes.
MENTION_LEFT = "a former colleague"


class UnplacedTable(Exception):
    """A table `_owner_condition` can't place: decide whose its rows are before shipping it."""


class Leftover(Exception):
    """Forget-me would leave the user id in a column; the transaction is rolled back."""


def _owner_condition(
    table: Table, *, member_id: int, team_id: str, user_id: str, found: Mapping[str, list[Any]]
) -> ColumnElement[bool] | None:
    """Which of `table`'s rows are this person's own; None for a table that holds no one's.

    `found` holds the rows already placed (tables come in dependency order), so a row reached
    through a foreign key to one of them (an item's evidence, a stakeholder's log, an update's
    recipients) is theirs too.
    """
    c = table.c
    if table.name == Member.__tablename__:
        return and_(c.team_id == team_id, c.user_id == user_id)
    if "member_id" in c:
        return c.member_id == member_id
    for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
        parent = fk.column.table.name
        if parent in found and parent not in ACTED_BY and not fk.parent.nullable:
            ids = [row[fk.column.name] for row in found[parent]]
            return fk.parent.in_(ids) if ids else false()
    if table.name in ACTED_BY:
        return and_(c.team_id == team_id, c[ACTED_BY[table.name]] == user_id)
    if "team_id" in c and "user_id" in c:
        return and_(c.team_id == team_id, c.user_id == user_id)
    if table.name in NOT_PERSONAL:
        return None
    raise UnplacedTable(table.name)


def owned_rows(session: Session, *, team_id: str, user_id: str) -> dict[str, list[Any]]:
    """Every table's rows that belong to this person (by table name, in dependency order):
    the rows of tables that hold no one's data are absent, every other table is present."""
    member_id = session.scalar(
        select(Member.id).where(Member.team_id == team_id, Member.user_id == user_id)
    )
    found: dict[str, list[Any]] = {}
    for table in Base.metadata.sorted_tables:
        condition = _owner_condition(
            table, member_id=member_id or -1, team_id=team_id, user_id=user_id, found=found
        )
        if condition is None:
            continue
        order = list(table.primary_key.columns)
        found[table.name] = list(
            session.execute(select(table).where(condition).order_by(*order)).mappings()
        )
    return found


def _team_scope(table: Table, team_id: str) -> ColumnElement[bool] | None:
    """Rows of `table` in this team: by its own team_id, or through a required foreign key."""
    if "team_id" in table.c:
        return table.c.team_id == team_id
    for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
        if fk.parent.nullable:
            continue
        parent_scope = _team_scope(fk.column.table, team_id)
        if parent_scope is not None:
            return fk.parent.in_(select(fk.column).where(parent_scope))
    return None


def _about_them(table: Table, column: str, *, team_id: str, user_id: str) -> ColumnElement[bool]:
    scope = _team_scope(table, team_id)
    if scope is None:
        raise UnplacedTable(f"{table.name}: no team to scope {column} by")
    return and_(scope, table.c[column] == user_id)


def _jsonable(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _blurbs_written(session: Session, *, team_id: str, user_id: str) -> list[dict[str, object]]:
    """Blurbs this person wrote for others: their own words, without the other's request."""
    rows = session.execute(
        select(BlurbRequest.blurb, BlurbRequest.may_share, BlurbRequest.answered_at)
        .join(Member, Member.id == BlurbRequest.member_id)
        .where(
            Member.team_id == team_id,
            Member.user_id != user_id,
            BlurbRequest.colleague_user_id == user_id,
            BlurbRequest.blurb.is_not(None),
        )
        .order_by(BlurbRequest.id)
    )
    return [
        {"blurb": blurb, "may_share": may_share, "answered_at": _jsonable(answered_at)}
        for blurb, may_share, answered_at in rows
    ]


def export(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> dict[str, Any]:
    """All this person's data as one JSON-ready dict.

    `tables` has every table that can hold someone's data, each with this person's rows (all
    columns, as stored). Other people's ids appear only where they are this person's own data
    (who asked for an item, who their stakeholders are). `written_by_you` has the blurbs they
    wrote for others: their words only, not the other member's request or who it was for.
    """
    tables = {
        name: [{key: _jsonable(value) for key, value in row.items()} for row in rows]
        for name, rows in owned_rows(session, team_id=team_id, user_id=user_id).items()
    }
    return {
        "about": (
            "Everything mgr-goal stores about you, table by table. Blurbs you wrote for others "
            "belong to them; your words are under written_by_you."
        ),
        "exported_at": now.isoformat(),
        "team_id": team_id,
        "user_id": user_id,
        "tables": tables,
        "written_by_you": {"blurbs": _blurbs_written(session, team_id=team_id, user_id=user_id)},
    }


def export_file(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Upload:
    data = export(session, team_id=team_id, user_id=user_id, now=now)
    content = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False).encode()
    return Upload(EXPORT_FILENAME, "Your mgr-goal data (JSON)", content)


def packet_files(
    *, db: Database, messenger: Messenger, team_id: str, user_id: str, now: dt.datetime
) -> list[Upload]:
    """The promotion packet's files (Markdown, PDF), as `/mgr-goal packet` builds them by
    default, to join the export in the same DM; none for someone with no campaign."""
    try:
        built = packet.build(
            db=db,
            messenger=messenger,
            team_id=team_id,
            user_id=user_id,
            now=now,
            options=Options(),
        )
    except UserError:
        return []
    return built.files


def send_export(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    now: dt.datetime,
    comment: str,
) -> None:
    """The export file and the packet into the person's DM; read in short sessions, uploaded
    after they close. Raises the Messenger's errors."""
    with db.session() as session:
        files = [export_file(session, team_id=team_id, user_id=user_id, now=now)]
    files += packet_files(db=db, messenger=messenger, team_id=team_id, user_id=user_id, now=now)
    messenger.upload_to_dm(user_id=user_id, files=files, comment=comment)


@dataclass(frozen=True)
class ForgetPlan:
    """What forget-me deletes (counts of this person's own rows) and what it changes elsewhere."""

    items: int
    evidence: int
    checkins: int
    wins: int
    reflections: int
    confidence_answers: int
    stakeholders: int
    stakeholder_log: int
    stakeholder_asks: int
    updates: int
    blurb_requests: int
    manager_links: int
    packet_shares: int
    # Other members' rows: blurbs this person wrote (kept, unattributed), items they asked for
    # (kept, "asked by" cleared), and links, lists and DMs naming them (removed).
    blurbs_written: int
    items_asked_for_others: int
    managing: int
    on_stakeholder_lists: int
    mentions: int = 0  # other members' texts that mention them: the mention is replaced

    @property
    def anything(self) -> bool:
        return any(value for value in vars(self).values())


def _count(session: Session, table: Table, condition: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(table).where(condition)) or 0)


def plan(session: Session, *, team_id: str, user_id: str) -> ForgetPlan:
    """The counts the confirm modal names (and `forget` returns)."""
    owned = owned_rows(session, team_id=team_id, user_id=user_id)
    going = _going(session, owned, team_id=team_id, user_id=user_id)
    mentions = _mentions(session, team_id=team_id, user_id=user_id, skip=going)
    return _counted(session, owned, team_id=team_id, user_id=user_id, mentions=len(mentions))


def _counted(
    session: Session, owned: Mapping[str, list[Any]], *, team_id: str, user_id: str, mentions: int
) -> ForgetPlan:
    """The plan's counts from this person's rows (`owned_rows`), read before anything changes;
    `mentions` is counted by the caller."""
    own = {name: len(rows) for name, rows in owned.items()}
    tables = Base.metadata.tables

    def others(table: str, column: str) -> int:
        return _count(
            session,
            tables[table],
            _about_them(tables[table], column, team_id=team_id, user_id=user_id),
        )

    return ForgetPlan(
        items=own["campaign_item"],
        evidence=own["evidence_note"],
        checkins=own["checkin"],
        wins=own["win"],
        reflections=own["reflection"],
        confidence_answers=own["confidence_answer"],
        stakeholders=own["stakeholder"],
        stakeholder_log=own["stakeholder_contact"],
        stakeholder_asks=own["stakeholder_ask"],
        updates=own["monthly_update"],
        blurb_requests=own["blurb_request"],
        manager_links=own["manager_link"],
        packet_shares=own["packet_share"],
        blurbs_written=len(_blurbs_written(session, team_id=team_id, user_id=user_id)),
        items_asked_for_others=others("campaign_item", "asked_by_user_id"),
        managing=others("manager_link", "manager_user_id"),
        on_stakeholder_lists=others("stakeholder", "user_id"),
        mentions=mentions,
    )


@dataclass(frozen=True)
class Forgotten:
    """What forget-me did, and whose Home showed this person (their manager, the people they
    managed): those are republished after the commit."""

    plan: ForgetPlan
    homes: tuple[str, ...]


def _linked(session: Session, *, team_id: str, user_id: str) -> tuple[str, ...]:
    """Everyone on the other side of a manager link with this person, pending or active."""
    live = ManagerLink.state.in_([LinkState.PENDING, LinkState.ACTIVE])
    managed = select(Member.user_id).join(ManagerLink, ManagerLink.member_id == Member.id)
    managed = managed.where(
        ManagerLink.team_id == team_id, ManagerLink.manager_user_id == user_id, live
    )
    managers = select(ManagerLink.manager_user_id).join(Member, ManagerLink.member_id == Member.id)
    managers = managers.where(Member.team_id == team_id, Member.user_id == user_id, live)
    found = [*session.scalars(managed), *session.scalars(managers)]
    return tuple(sorted(set(found) - {user_id}))


def forget(session: Session, *, team_id: str, user_id: str) -> Forgotten:
    """Delete everything about this person in the caller's transaction; what was done.

    Their own rows go (children first); other members' rows that name them are cleared or
    removed as `ABOUT_THEM` says, and a blurb they wrote but never answered goes. A mention of
    them in text that stays becomes `MENTION_LEFT`. Refuses (`Leftover`, rolling everything
    back) if any string column still holds or mentions the user id.
    """
    owned = owned_rows(session, team_id=team_id, user_id=user_id)
    counted = _counted(session, owned, team_id=team_id, user_id=user_id, mentions=0)
    homes = _linked(session, team_id=team_id, user_id=user_id)
    tables = Base.metadata.tables
    for name, condition in _removed(team_id=team_id, user_id=user_id):
        session.execute(delete(tables[name]).where(condition))
    for (name, column), policy in ABOUT_THEM.items():
        if policy is Policy.CLEAR:
            table = tables[name]
            about = _about_them(table, column, team_id=team_id, user_id=user_id)
            cleared = FORMER_COLLEAGUE if not table.c[column].nullable else None
            session.execute(update(table).where(about).values({column: cleared}))
    # Their rows as read before: removing and clearing other members' rows adds none (a row
    # removed already is a no-op to delete again).
    for name in reversed(list(owned)):
        table = tables[name]
        if name in ACTED_BY:
            continue
        keys = list(table.primary_key.columns)
        [pk] = keys
        ids = [row[pk.name] for row in owned[name]]
        if ids:
            session.execute(delete(table).where(pk.in_(ids)))
    session.flush()
    pattern = _mention_pattern(user_id)
    # What stays of the team's text once their rows are gone: the mentions `plan` counts.
    mentions = _mentions(session, team_id=team_id, user_id=user_id)
    for table, key, column, text in mentions:
        [pk] = list(table.primary_key.columns)
        kind = table.c[column].type
        length = kind.length if isinstance(kind, String) else None
        replaced = _fit(pattern.sub(MENTION_LEFT, text), length)
        session.execute(update(table).where(pk == key).values({column: replaced}))
    session.flush()
    found = leftovers(session, user_id=user_id)
    if found:
        raise Leftover(", ".join(found))
    return Forgotten(replace(counted, mentions=len(mentions)), homes)


def _mention_pattern(user_id: str) -> re.Pattern[str]:
    """Slack's mention of this person, with or without a label: `<@U1>`, `<@U1|kofi>`; and
    `<@U1|` never closed (typed into a form), whose `<@U1` goes. Everything `_mentioning`
    finds, so nothing it finds is left over; case-sensitive, as Slack's ids are."""
    return re.compile(rf"<@{re.escape(user_id)}(?:\|[^>]*>|>|(?=\|))")


def _mentioning(column: Any, user_id: str) -> ColumnElement[bool]:
    """A cheap first pass (SQLite's LIKE ignores case): `_mention_pattern` decides."""
    # Both forms end the id, so `<@U1` never matches `<@U12>`.
    return or_(
        column.contains(f"<@{user_id}>", autoescape=True),
        column.contains(f"<@{user_id}|", autoescape=True),
    )


def _fit(text: str, length: int | None) -> str:
    """The replacement is longer than a mention: cut to the column's length, as Postgres
    refuses a longer value (and SQLite would keep one no form could have saved)."""
    if length is None or len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "…"


def _text_columns(table: Table) -> list[Any]:
    return [column for column in table.c if isinstance(column.type, String | Text)]


def _removed(*, team_id: str, user_id: str) -> list[tuple[str, ColumnElement[bool]]]:
    """Other members' rows `forget` deletes outright, by table: an unanswered blurb ask to them
    (first, before `ABOUT_THEM` clears its colleague), and every row only about them
    (`Policy.REMOVE`)."""
    tables = Base.metadata.tables
    blurbs = tables["blurb_request"]
    unanswered = and_(
        _about_them(blurbs, "colleague_user_id", team_id=team_id, user_id=user_id),
        blurbs.c.blurb.is_(None),
    )
    return [("blurb_request", unanswered)] + [
        (name, _about_them(tables[name], column, team_id=team_id, user_id=user_id))
        for (name, column), policy in ABOUT_THEM.items()
        if policy is Policy.REMOVE
    ]


def _going(
    session: Session, owned: Mapping[str, list[Any]], *, team_id: str, user_id: str
) -> dict[str, set[Any]]:
    """The primary keys, by table, of the rows `forget` deletes: their own (`owned`), other
    members' rows only about them (`Policy.REMOVE`, an unanswered blurb ask to them), and the
    rows those take with them (a removed stakeholder's logged conversations)."""
    tables = Base.metadata.tables
    going: dict[str, set[Any]] = {}
    for name, rows in owned.items():
        [pk] = list(tables[name].primary_key.columns)
        going[name] = {row[pk.name] for row in rows}
    for name, condition in _removed(team_id=team_id, user_id=user_id):
        [pk] = list(tables[name].primary_key.columns)
        going.setdefault(name, set()).update(session.scalars(select(pk).where(condition)))
    for table in Base.metadata.sorted_tables:  # parents first: children follow their parent
        keys = list(table.primary_key.columns)
        if len(keys) != 1:
            continue
        for fk in table.foreign_keys:
            parents = going.get(fk.column.table.name)
            if not parents or fk.parent.nullable or fk.parent.table is fk.column.table:
                continue
            going.setdefault(table.name, set()).update(
                session.scalars(select(keys[0]).where(fk.parent.in_(parents)))
            )
    return going


def _mentions(
    session: Session, *, team_id: str, user_id: str, skip: Mapping[str, set[Any]] | None = None
) -> list[tuple[Table, Any, str, str]]:
    """(table, primary key, column, text) for every text in this team that mentions them, but
    for rows in `skip` (by primary key: those forget-me deletes anyway)."""
    pattern = _mention_pattern(user_id)
    found: list[tuple[Table, Any, str, str]] = []
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        scope = _team_scope(table, team_id)
        if scope is None or len(keys) != 1:
            continue
        [pk] = keys
        theirs = (skip or {}).get(table.name, set())
        for column in _text_columns(table):
            rows = session.execute(
                select(pk, column).where(scope, _mentioning(column, user_id))
            ).all()
            found.extend(
                (table, key, column.name, text)
                for key, text in rows
                if key not in theirs and pattern.search(text)
            )
    return found


def leftovers(session: Session, *, user_id: str) -> list[str]:
    """Every `table.column` (string columns of every table, by reflection) with a row whose
    value is `user_id` or mentions them: empty after `forget`."""
    pattern = _mention_pattern(user_id)
    found: list[str] = []
    for table in Base.metadata.sorted_tables:
        for column in _text_columns(table):
            texts = session.scalars(
                select(column).where(or_(column == user_id, _mentioning(column, user_id)))
            )
            if any(text == user_id or pattern.search(text) for text in texts):
                found.append(f"{table.name}.{column.name}")
    return found
