"""Issue 12's "Done when", as a person walks it in `mgrbot shell` (`docs/people-who-decide.txt`):
Kofi links Dana; Dana accepts and adds two items from her Home; Kofi adds Carol as a
stakeholder and asks her, Carol adds one; a month later his check-in offers the update, the
draft lists what he did, he deletes the private win and rewrites the ask, and sends it; Dana
gets it and her Home shows it. The transcript is checked at each person's step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.db import Database
from tests.support.shell_helpers import ScriptedShell, open_session

ROOT = Path(__file__).resolve().parents[2]
# A Friday evening in Berlin, as when the story was first walked.
FRIDAY = dt.datetime(2026, 12, 4, 19, 33, tzinfo=dt.UTC)
ASK = "• Could I run the Q1 planning kickoff, with you in the room to give me feedback afterwards?"


def test_the_people_who_decide_story(db: Database, database_url: str) -> None:
    script = (ROOT / "docs" / "people-who-decide.txt").read_text(encoding="utf-8").splitlines()
    with open_session(database_url, FRIDAY) as session:
        out = ScriptedShell(session).type(*script)
    assert "⚠" not in out
    steps = [
        # Kofi names Dana in setup; she is asked, accepts, and adds two items from her Home.
        "── DM to @dana · Fri 4 Dec 14:33 ──",
        "  @dana accepted: they're linked as your manager in mgr-goal.",
        "  #1 Run sprint planning for a whole cycle · communication",
        "  #2 Have a hard feedback conversation, and tell me how it went · coaching · due Fri",
        # Kofi adds Carol and asks her; she answers with one item.
        "  Added @carol to your stakeholders.",
        "@kofi is working toward Engineering Manager and asked me to ask you: what would you",
        "  • #3 Lead a cross-team design review with Platform",
        # A month later the check-in offers the update, and the draft lists what he did.
        "── DM to @kofi · Mon 4 Jan 09:00 ──",
        "  [71] Draft the update   [72] Did it   [73] Swap   [74] Snooze   [75] Skip this week",
        "• #4 Write the on-call handbook for new joiners (10 Dec): Handbook merged;",
        "• #3 Lead a cross-team design review with Platform (Carol Ibáñez asked for this)",
        "• [private] 7 Dec: Paired with Ana on her first on-call shift",
        # Dana receives it, with the line he rewrote and without the private win.
        "── DM to @dana · Mon 4 Jan 03:00 ──",
        "  📝 @kofi's monthly growth update",
        "  ✅ Sent your monthly update to @dana and @carol.",
        "  ✅ Done. Sent my monthly update.",
        "  @kofi · toward Engineering Manager · last update received Mon 4 Jan 2027",
        "  Last update: Mon 4 Jan 2027 to @dana and @carol",
    ]
    position = 0
    for step in steps:
        found = out.find(step, position)
        assert found >= 0, f"{step!r} missing after position {position}:\n{out[position:][:3000]}"
        position = found
    dana_dm = out[out.index("── DM to @dana · Mon 4 Jan 03:00 ──") :]
    dana_dm = dana_dm[: dana_dm.index("── DM to @carol")]
    assert ASK in dana_dm and "[private]" not in dana_dm and "Paired with Ana" not in dana_dm
