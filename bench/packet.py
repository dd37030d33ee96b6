"""Promotion packet: build both files for a member with 200 items and 1,000 wins.

What it measures: the time to gather the member's rows, lay the packet out, write the
Markdown and draw the PDF (the real `services/packet.py` path, names from a fake Messenger),
and the two files' sizes and the PDF's page count. Timings are printed, never asserted; the
script exits 1 if the PDF doesn't open or is 1 MB or more.

How: a fresh database migrated to head; one member with 200 items (half done, each with two
evidence notes, every fifth in Hebrew, some with emoji), 1,000 wins across the six areas (a
fifth private), 10 stakeholders with 5 conversations each, 12 monthly updates sent.

Run (from the repository root):
    uv run python bench/packet.py
    uv run python bench/packet.py --items 200 --wins 1000 --runs 3
    uv run python bench/packet.py --database-url postgresql://postgres@127.0.0.1:5432/bench_packet
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time

import pypdf

from bench.common import bulk_insert, scratch_database
from bot.db import Database
from bot.domain import packet as layout
from bot.domain.areas import SkillArea
from bot.models import (
    CampaignItem,
    EvidenceNote,
    Member,
    MonthlyUpdate,
    Stakeholder,
    StakeholderContact,
    UpdateRecipient,
    Win,
)
from bot.services import packet, packet_pdf
from tests.support.fake_messenger import FakeMessenger

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
TEAM, USER = "T1", "U00000001"
AREAS = [area.value for area in SkillArea]


def seed(db: Database, *, items: int, wins: int) -> None:
    start = NOW - dt.timedelta(days=365)
    with db.session() as session:
        member = Member(
            team_id=TEAM,
            user_id=USER,
            target_role="Engineering manager",
            target_date=dt.date(2027, 6, 30),
            why="I like growing people more than growing code.",
            timezone="Europe/Berlin",
            next_item_number=items + 1,
            created_at=start,
            updated_at=start,
        )
        session.add(member)
        session.flush()
        member_id = member.id
    bulk_insert(
        db.engine,
        CampaignItem,
        (
            {
                "member_id": member_id,
                "number": n,
                "text": (
                    f"לתעד את תהליך השחרור {n}"
                    if n % 5 == 0
                    else f"Item {n}: run the planning session with the platform team 🚀"
                ),
                "asked_by_user_id": (None, "U00000002", f"U1{n % 10:07d}")[n % 3],
                "area": AREAS[n % 6],
                "status": "done" if n % 2 else "open",
                "done_at": start + dt.timedelta(days=n) if n % 2 else None,
                "created_at": start,
            }
            for n in range(1, items + 1)
        ),
    )
    with db.session() as session:
        item_ids = list(
            session.scalars(CampaignItem.__table__.select().with_only_columns(CampaignItem.id))
        )
    bulk_insert(
        db.engine,
        EvidenceNote,
        (
            {
                "item_id": item_id,
                "text": f"Evidence {k}: the retro doc, eight people came, two actions agreed",
                "created_at": start + dt.timedelta(days=k),
            }
            for item_id in item_ids
            for k in range(2)
        ),
    )
    bulk_insert(
        db.engine,
        Win,
        (
            {
                "member_id": member_id,
                "text": f"Win {k}: walked the new hire through a deploy and wrote it up 🎉",
                "happened_on": (start + dt.timedelta(days=k % 365)).date(),
                "area": AREAS[k % 6],
                "shared": k % 5 != 0,
                "created_at": start,
            }
            for k in range(wins)
        ),
    )
    with db.session() as session:
        for s in range(10):
            row = Stakeholder(
                team_id=TEAM,
                member_id=member_id,
                user_id=f"U1{s:07d}",
                note="runs platform",
                added_at=start,
            )
            session.add(row)
            session.flush()
            for c in range(5):
                session.add(
                    StakeholderContact(
                        stakeholder_id=row.id, at=start + dt.timedelta(days=60 * c), note="coffee"
                    )
                )
        for m in range(12):
            update = MonthlyUpdate(
                team_id=TEAM,
                member_id=member_id,
                text=f"Month {m}: shipped, mentored, presented.\nNext: more of it.",
                created_at=start + dt.timedelta(days=30 * m),
            )
            session.add(update)
            session.flush()
            session.add(
                UpdateRecipient(
                    update_id=update.id, user_id="U00000002", is_manager=True, state="sent"
                )
            )


def messenger() -> FakeMessenger:
    profiles: dict[str, dict[str, object]] = {
        USER: {"real_name": "Kofi Mensah"},
        "U00000002": {"real_name": "Dana Whitfield"},
    }
    for s in range(10):
        profiles[f"U1{s:07d}"] = {"real_name": f"Stakeholder {s}"}
    return FakeMessenger(profiles=profiles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--wins", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    failures: list[str] = []
    with scratch_database(args.database_url) as url:
        db = Database(url)
        print(f"backend: {db.engine.dialect.name}")
        print(f"member: {args.items} items, {args.items * 2} evidence notes, {args.wins} wins")
        seed(db, items=args.items, wins=args.wins)
        phases: dict[str, list[float]] = {"gather": [], "markdown": [], "pdf": [], "total": []}
        sizes = (0, 0)
        for _ in range(args.runs):
            began = time.perf_counter()
            with db.session() as session:
                facts = packet.gather(session, team_id=TEAM, user_id=USER)
            named = packet.names_of(messenger(), facts.people())
            content = packet.content_of(facts, names=named, today=NOW.date())
            gathered = time.perf_counter()
            options = layout.Options()
            text = layout.markdown(content, options)
            written = time.perf_counter()
            pdf = packet_pdf.render(layout.document(content, options), title=layout.title(content))
            drawn = time.perf_counter()
            phases["gather"].append(gathered - began)
            phases["markdown"].append(written - gathered)
            phases["pdf"].append(drawn - written)
            phases["total"].append(drawn - began)
            sizes = (len(text.encode()), len(pdf))
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        print(f"runs: {args.runs} (median seconds)")
        for phase, seconds in phases.items():
            print(f"  {phase:<10} {statistics.median(seconds):.3f}")
        print(f"markdown: {sizes[0] / 1024:.1f} KB")
        print(f"pdf:      {sizes[1] / 1024:.1f} KB, {pages} pages")
        if sizes[1] >= 1_000_000:
            failures.append("PDF is 1 MB or more")
    print("\nresult:", "OK" if not failures else "FAILED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
