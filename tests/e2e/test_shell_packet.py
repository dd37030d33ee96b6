"""`mgrbot shell` and the promotion packet, in the demo workspace: the two files show in the
DM as 📎 lines with their size and kind, followed by the message with its buttons."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.db import Database
from bot.devtools.demo import seed_demo
from bot.devtools.session import Session, attachment_line
from tests.support.clock import START
from tests.support.shell_helpers import LIBRARY, ScriptedShell, open_session


@pytest.fixture
def session(db: Database, database_url: str) -> Iterator[Session]:
    with open_session(database_url, START) as session:
        seed_demo(session.db, library=LIBRARY, now=START, workspace=session.workspace)
        yield session


def test_the_packet_files_show_in_the_dm(session: Session) -> None:
    kofi = ScriptedShell(session)
    printed = kofi.type("/mgr-goal packet")
    assert "Building your packet" in printed
    assert re.search(r"📎 promotion-packet-\d{4}-\d\d-\d\d\.md \(\d+ KB, Markdown\)", printed)
    assert re.search(r"📎 promotion-packet-\d{4}-\d\d-\d\d\.pdf \(\d+ KB, PDF\)", printed)
    assert "Your promotion packet" in printed
    assert printed.index("📎") < printed.index("Your packet is above")
    assert kofi.status == 0
    [(channel, _, pdf)] = [u for u in session.slack.uploaded() if u[1].endswith("(PDF)")]
    assert pdf.startswith(b"%PDF") and channel.endswith(session.workspace.person("kofi").user_id)


def test_attachment_line() -> None:
    assert attachment_line("packet.pdf", b"x" * 43_000) == "📎 packet.pdf (42 KB, PDF)"
    assert attachment_line("notes.md", b"x") == "📎 notes.md (1 KB, Markdown)"


def test_a_session_with_a_files_folder_saves_each_file_to_open(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    """As `mgrbot shell` runs it: the files land in `<db>.files/`, named as Slack shows
    them, a second packet the same day beside the first, never outside the folder."""
    folder = tmp_path / "shell.db.files"
    with open_session(database_url, START, files_dir=folder) as session:
        seed_demo(session.db, library=LIBRARY, now=START, workspace=session.workspace)
        printed = ScriptedShell(session).type("/mgr-goal packet", "/mgr-goal packet")
    saved = sorted(p.name for p in folder.iterdir())
    day = START.date().isoformat()
    assert saved == [
        f"promotion-packet-{day}-2.md",
        f"promotion-packet-{day}-2.pdf",
        f"promotion-packet-{day}.md",
        f"promotion-packet-{day}.pdf",
    ]
    assert (folder / f"promotion-packet-{day}.pdf").read_bytes().startswith(b"%PDF")
    assert f"saved as {folder / f'promotion-packet-{day}.pdf'}" in printed


def test_the_ready_views_build_my_packet_can_be_pressed_before_it_is_closed(
    session: Session,
) -> None:
    """A view with buttons and nothing to submit stays open, as in Slack: its button is
    pressed by number; :cancel closes it, and so does typing a command."""
    kofi = ScriptedShell(session)
    printed = kofi.type("/mgr-goal ready")
    assert "This view stays open" in printed
    [number] = re.findall(r"\[(\d+)\] Build my packet", printed)
    built = kofi.type(number)
    assert "📎 promotion-packet-" in built and "was on a message that is gone" not in built
    kofi.type(":cancel")
    assert session.top_modal() is None
