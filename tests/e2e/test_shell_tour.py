"""The README's tour (`docs/tour.txt`) still does what the README's transcript shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_tour_shows_home_a_checkin_answered_and_the_digest(tmp_path: Path) -> None:
    # A .env with placeholders (what `cp .env.example .env` gives) must not stop the shell.
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-your-bot-token\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "shell",
            "--demo",
            "--db",
            str(tmp_path / "tour.db"),
            "--script",
            str(ROOT / "docs" / "tour.txt"),
        ],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "TERM": "xterm"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, done.stderr + out[-2000:]
    assert "\x1b[" not in out  # piped: plain text, no colour codes
    assert "⚠" not in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The demo is seeded relative to today, so dates and counts that depend on the weekday
    # are left out; the numbers on the controls are the README's.
    for line in (
        "── @kofi's Home tab",
        "  Your path to Engineering Manager",
        "  ████░░░░░░ 3 of 7 done (43%)",
        "  Testimonials",
        "  [32] Draft the update   [33] Did it   [34] Swap   [35] Snooze   [36] Skip this week",
        "  ✅ Done. Asked Dana what she'd need to see from me next quarter",
        "  🏆 This week's team wins:",
        "visibility: Asked Dana what she'd need to see from me next quarter",
    ):
        assert line in out, line
        assert line in readme, f"the README's transcript lacks {line!r}"
