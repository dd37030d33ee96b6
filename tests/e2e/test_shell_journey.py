"""`mgrbot shell` as a person runs it: a subprocess reading a --script file, then piped input,
through setup, a list, a check-in a week later, a shared win, the team digest and the Home tab.

The process starts at the real current time, so dates typed into it are computed from now and
times are moved with `:next`. Its stdout is a pipe: a transcript without terminal escapes.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROMPT = r"\w{3} \d{1,2} \w{3} \d{2}:\d{2} kofi in (?:DM|#team)> "
A_DAY = r"\w{3} \d{1,2} \w{3} \d{4}"  # how the bot writes a date: Fri 25 Dec 2026
GUARD = 120  # seconds: only so a hung shell fails the test instead of hanging it


def shell_args(tmp_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot", "shell", "--db", str(tmp_path / "shell.db"), *args]


def environment(tmp_path: Path) -> dict[str, str]:
    """What a person's shell has, and nothing that would colour or wrap the output."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",  # each line as it is printed, for the conversation below
    }


def run_script(tmp_path: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "journey.txt"
    script.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return subprocess.run(
        shell_args(tmp_path, "--script", str(script)),
        cwd=tmp_path,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=GUARD,
    )


class Conversation:
    """The shell with piped input, driven a few lines at a time: `say` writes lines and
    returns what the shell printed for them (read up to the echo of a marker line)."""

    def __init__(self, tmp_path: Path) -> None:
        self.process = subprocess.Popen(
            shell_args(tmp_path),
            cwd=tmp_path,
            env=environment(tmp_path),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.printed: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._marks = 0

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def say(self, *lines: str) -> str:
        assert self.process.stdin is not None
        self._marks += 1
        mark = f"# mark {self._marks}"  # a comment: the shell echoes it and does nothing
        self.process.stdin.write("".join(line + "\n" for line in (*lines, mark)))
        self.process.stdin.flush()
        got: list[str] = []
        while True:
            line = self.lines.get(timeout=GUARD)
            assert line is not None, "the shell ended early:\n" + "".join(self.printed + got)
            got.append(line)
            if line.rstrip("\n").endswith("> " + mark):
                break
        self.printed.extend(got)
        return "".join(got)

    def end(self) -> tuple[int, str, str]:
        """Close the input, as at the end of a pipe; returns status, stdout, stderr."""
        assert self.process.stdin is not None and self.process.stderr is not None
        self.process.stdin.close()
        status = self.process.wait(timeout=GUARD)
        self._reader.join(timeout=GUARD)
        while (line := self.lines.get(timeout=GUARD)) is not None:
            self.printed.append(line)
        return status, "".join(self.printed), self.process.stderr.read()


def assert_plain_and_untroubled(stdout: str) -> None:
    assert "\x1b" not in stdout, "terminal escape codes in piped output"
    troubled = [line for line in stdout.splitlines() if "⚠" in line]
    assert troubled == [], troubled


def test_a_whole_journey_typed_into_the_shell(tmp_path: Path) -> None:
    today = dt.datetime.now().date()
    target = (today + dt.timedelta(days=200)).isoformat()
    due = (today + dt.timedelta(days=40)).isoformat()

    first = run_script(
        tmp_path,
        [
            "/mgr-goal setup",
            "Engineering manager",  # the role
            target,
            "@dana",  # manager
            "Lead a team of my own",  # why
            "",  # team channel: none yet
            "Monday",
            "09:00",
            "/mgr-goal add Run the Q1 planning retro from @dana area coaching due in 3 weeks",
            "/mgr-goal add Write the on-call guide area knowledge sharing",
            "/mgr-goal add",
            "Mentor the new hire",
            "@dana",
            "Coaching",
            due,
            "/mgr-goal add",
            "Present the roadmap at the all-hands",
            "@carol",
            "6",  # Visibility, by its number
            "",  # no due date
            "/mgr-goal add Own the incident review from @dana due friday",
            ":next checkin",
            ":press Did it",
            "Sent my manager the monthly update & asked about <the> [bold]roadmap[/bold]",
            "#3",  # the item it moves forward, by the start of its name
            "Linked the update in the doc",  # evidence note for #3
            "",  # who sees it: only me
        ],
    )

    assert first.returncode == 0, first.stdout + first.stderr
    out = first.stdout
    assert_plain_and_untroubled(out)
    assert re.search(PROMPT + r"/mgr-goal setup\n── form for @kofi", out), out
    added = re.findall(r"⚪ (#\d .+)", out)  # the replies to the three typed in full
    assert len(added) == 3, added
    assert re.fullmatch(
        "#1 Run the Q1 planning retro · asked by @dana · coaching · due " + A_DAY, added[0]
    )
    assert added[1] == "#2 Write the on-call guide · knowledge sharing"
    assert re.fullmatch("#5 Own the incident review · asked by @dana · due Fri .+", added[2])
    checkin = re.search(r"⏩ Mon (\d{1,2} \w{3}) \d{4} 09:00 \(Europe/Berlin\)\n", out)
    assert checkin, out
    assert f"── DM to @kofi · Mon {checkin.group(1)} 09:00 ──" in out
    assert "Your list: 0 of 5 done." in out
    assert "  Nice work!" in out  # the Did it form
    assert (
        "  ✅ Done. Sent my manager the monthly update & asked about <the> [bold]roadmap[/bold]"
        in out
    )
    assert f"── DM to @kofi (updated) · Mon {checkin.group(1)} 09:" in out

    # The same data, piped in: a reopened shell carries on after the check-in.
    shell = Conversation(tmp_path)
    opened = shell.say(":now")
    assert re.search(r"Mon \d{1,2} \w{3} \d{4} 09:0\d Europe/Berlin", opened), opened

    shared = shell.say(
        "/mgr-goal team #team",
        "/mgr-goal win Walked the new hire through their first deploy area coaching for #3 share",
        ":in #team",
        "/mgr-goal digest on",
        ":in dm",
        ":next digest",
    )
    assert "Your team channel is now #team." in shared
    assert "📢 shared with your team" in shared
    # A long line arrives whole: a pipe is not wrapped at 80 columns.
    assert (
        "  🏆 @kofi turned on a weekly digest of team wins here: every Friday at 16:00 "
        "(Europe/Berlin). It lists only wins people chose to share" in shared
    )
    friday = re.search(r"⏩ (Fri \d{1,2} \w{3}) \d{4} 16:00 \(Europe/Berlin\)", shared)
    assert friday, shared
    post = shared[shared.index(f"── #team · {friday.group(1)} 16:00 ──") :]
    assert post.startswith(
        f"── #team · {friday.group(1)} 16:00 ──\n"
        "  🏆 This week's team wins: 1 person shared 1 win.\n"
        "  @kofi (1 win)\n"
        "  Areas: coaching. Details in the thread.\n"
    ), post
    thread = post[post.index(f"── #team, in the thread · {friday.group(1)} 16:00 ──") :]
    assert re.match(
        r"── #team, in the thread · .+ ──\n  @kofi\n  • "
        + A_DAY
        + r" · coaching: Walked the new hire through their first deploy\n",
        thread,
    ), thread

    home = shell.say(":home")
    assert "── @kofi's Home tab · " in home
    assert "  Your path to Engineering manager\n" in home
    assert "  ░░░░░░░░░░ 0 of 5 done (0%)\n" in home
    assert "  Open (5)\n" in home
    assert "  Wins (2)\n" in home
    menu = re.search(r"#5 Own the incident review .*\n +⋯ \[(\d+)\] Mark done  \[\d+\] Add", home)
    assert menu, home

    pressed = shell.say(menu.group(1), ":home")  # pressed by its number
    # A Home tab you press on changes in front of you.
    assert "── @kofi's Home tab (updated) · " in pressed
    assert "  ██░░░░░░░░ 1 of 5 done (20%)\n" in pressed, pressed
    assert "  Done (1)\n  ✅ #5 Own the incident review · asked by @dana · done " in pressed
    assert "  Open (4)\n" in pressed

    status, out, err = shell.end()
    assert status == 0, out + err
    assert_plain_and_untroubled(out)
    assert err == ""


def test_someone_not_in_the_workspace_is_refused(tmp_path: Path) -> None:
    refused = subprocess.run(
        shell_args(tmp_path, "--as", "nobody"),
        cwd=tmp_path,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=GUARD,
        input="/mgr-goal help\n",
    )

    assert refused.returncode == 2
    assert refused.stderr == (
        "mgrbot shell: no one called 'nobody'; choose one of kofi, dana, carol\n"
    )
    assert refused.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_missing_script_is_refused_and_leaves_nothing_behind(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"

    refused = subprocess.run(
        shell_args(tmp_path, "--script", str(missing)),
        cwd=tmp_path,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=GUARD,
    )

    assert refused.returncode == 2
    assert refused.stderr == f"mgrbot shell: cannot read {missing}: No such file or directory\n"
    assert refused.stdout == ""
    assert list(tmp_path.iterdir()) == []


def run_shell(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "shell", *args],
        cwd=tmp_path,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=GUARD,
        input=stdin,
    )


def test_a_directory_as_the_database_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()

    refused = run_shell(tmp_path, "--db", str(folder), stdin="/mgr-goal help\n")

    assert refused.returncode == 2
    assert refused.stderr == (
        f"mgrbot shell: cannot keep data in {folder}: it is a directory; give --db a file name\n"
    )
    assert "Traceback" not in refused.stderr
    assert refused.stdout == ""


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("My notes, not a database.\n" * 100, encoding="utf-8")

    refused = run_shell(tmp_path, "--db", str(notes), stdin="/mgr-goal help\n")

    assert refused.returncode == 2
    assert refused.stderr.startswith(f"mgrbot shell: cannot use {notes} as the shell's database: ")
    assert refused.stderr.count("\n") == 1  # one line, no traceback
    assert refused.stdout == ""
    assert notes.read_text(encoding="utf-8") == "My notes, not a database.\n" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing left beside it


def test_demo_refuses_an_existing_database_it_was_given(tmp_path: Path) -> None:
    existing = tmp_path / "mine.db"
    existing.write_bytes(b"kept")

    refused = run_shell(tmp_path, "--demo", "--db", str(existing), stdin="/mgr-goal help\n")

    assert refused.returncode == 2
    assert refused.stderr.startswith(f"mgrbot shell: {existing} already exists; --demo seeds")
    assert existing.read_bytes() == b"kept"


def test_demo_with_a_missing_script_leaves_the_default_demo_database_alone(
    tmp_path: Path,
) -> None:
    demo = tmp_path / "mgrbot-demo.db"
    demo.write_bytes(b"yesterday's demo")

    refused = run_shell(tmp_path, "--demo", "--script", "nope.txt")

    assert refused.returncode == 2
    assert refused.stderr == "mgrbot shell: cannot read nope.txt: No such file or directory\n"
    assert demo.read_bytes() == b"yesterday's demo"


def test_a_script_with_a_bom_stray_bytes_a_lone_cr_and_escapes_runs_and_shows_them(
    tmp_path: Path,
) -> None:
    script = tmp_path / "odd.txt"
    script.write_bytes(
        b"\xef\xbb\xbf/mgr-goal list\r\n"  # a BOM, and Windows line ends
        b"/mgr-goal add caf\xe9 in latin-1\n"
        b"/mgr-goal add one\rtwo\n"
        b":bad\x1b[2J\x1b]0;title\x07\n"
    )

    done = run_shell(tmp_path, "--db", str(tmp_path / "shell.db"), "--script", str(script))

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert re.search(PROMPT + r"/mgr-goal list\n── only @kofi sees this", out), out
    assert "Your campaign list is empty." in out
    assert "⚪ #1 caf\ufffd in latin-1\n" in out
    assert re.search(PROMPT + r"/mgr-goal add one\\rtwo\n", out), out
    assert "⚪ #2 one\\rtwo\n" in out
    assert re.search(PROMPT + re.escape(":bad\\x1b[2J\\x1b]0;title\\x07") + "\n", out), out
    assert "Unknown shell command :bad\\x1b[2J\\x1b]0;title\\x07. :help lists them." in out


def test_the_clock_is_kept_with_the_data_for_the_next_session(tmp_path: Path) -> None:
    ahead = dt.datetime.now().date() + dt.timedelta(days=100)
    first = run_shell(
        tmp_path, "--db", str(tmp_path / "shell.db"), stdin=f":at {ahead.isoformat()} 09:00\n"
    )
    assert first.returncode == 0, first.stdout + first.stderr

    second = run_shell(tmp_path, "--db", str(tmp_path / "shell.db"), stdin=":now\n")

    assert second.returncode == 0, second.stdout + second.stderr
    day = f"{ahead:%a} {ahead.day} {ahead:%b}"
    assert (
        f"Clock: {day} 09:00 {ahead.year}, where the last session on this data left it.\n"
        in second.stdout
    ), second.stdout
    assert re.search(rf"> :now\n{day} {ahead.year} 09:0\d Europe/Berlin", second.stdout), (
        second.stdout
    )
