"""Starting `mgrbot shell`: who you are, where the data lives, where input comes from.

Every way the start can fail as asked (an unknown person, an unreadable script, a directory or
a file that isn't SQLite as --db) is one line on stderr and exit status 2, and leaves nothing
behind. The shell that then runs is bot/devtools/shell.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import sys
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text
from sqlalchemy.exc import DatabaseError

from bot.devtools import render
from bot.devtools.session import Session
from bot.devtools.shell import Lines, Shell, day_and_time
from bot.devtools.workspace import Person, Workspace
from bot.domain.moves import Move

DEMO_DB = "mgrbot-demo.db"
SHELL_DB = "mgrbot-shell.db"
BANNER = (
    "mgr-goal shell: the real bot, a pretend Slack workspace, a clock you can move.\n"
    "You are @{handle} ({name}), typing in your DM with the bot. Try /mgr-goal help, "
    ":home, :next checkin. :help lists the shell's own commands."
)


def run(
    *, as_handle: str, db_path: str | None, demo: bool, script: str | None, library: list[Move]
) -> int:
    """`mgrbot shell`: returns the exit status (1 when the bot hit an error, 2 on bad usage)."""
    workspace = Workspace()
    with contextlib.ExitStack() as stack:
        try:
            person = _person(workspace, as_handle)
            path = Path(db_path or (DEMO_DB if demo else SHELL_DB)).resolve()
            source = _input(script, stack)
            if demo:
                _fresh_demo(path, chosen=db_path is not None)
            session = _open(path, workspace=workspace, library=library)
        except _Refused as refused:
            print(f"mgrbot shell: {refused}", file=sys.stderr)
            return 2
        stack.callback(_leave, session, path)
        console = Console(highlight=False, emoji=False, soft_wrap=not console_is_terminal())
        _greet(console, session, person, path)
        if demo:
            from bot.devtools.demo import seed_demo

            summary = seed_demo(
                session.db, library=library, now=session.clock(), workspace=workspace
            )
            console.print(Text(summary.describe(), style="green"))
        lines = Lines(
            source,
            interactive=script is None and sys.stdin.isatty(),
            echo=lambda line: console.print(Text(render.inert(line), style="bold")),
        )
        return Shell(session, console=console, lines=lines, person=person).run()


class _Refused(Exception):
    """The shell can't start as asked; the message says why and what to do instead."""


def _person(workspace: Workspace, handle: str) -> Person:
    person = workspace.person(handle)
    if person is None:
        known = ", ".join(p.handle for p in workspace.people)
        raise _Refused(f"no one called {handle!r}; choose one of {known}")
    return person


def _input(script: str | None, stack: contextlib.ExitStack) -> TextIO:
    """The script file, else standard input, read so that odd bytes can't stop the session:
    a BOM is not part of the first line, a stray byte is shown as �, and only \\n ends a line
    (a lone \\r stays inside one, and is shown as \\r)."""
    if script is None:
        if isinstance(sys.stdin, io.TextIOWrapper) and not sys.stdin.isatty():
            sys.stdin.reconfigure(errors="replace", newline="\n")
        return sys.stdin
    try:
        return stack.enter_context(
            open(script, encoding="utf-8-sig", errors="replace", newline="\n")
        )
    except OSError as exc:
        raise _Refused(f"cannot read {script}: {exc.strerror}") from None


def _fresh_demo(path: Path, *, chosen: bool) -> None:
    """The default demo database starts afresh every time; a chosen one must be new."""
    _refuse_directory(path)
    if path.exists() and chosen:
        raise _Refused(
            f"{path} already exists; --demo seeds a new database, so give --db a new file "
            "(or leave --db out to reuse mgrbot-demo.db)"
        )
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), _clock_file(path)):
        old.unlink(missing_ok=True)
    files = Path(f"{path}.files")  # the last demo's packet and exports
    if files.is_dir():
        for saved in files.iterdir():
            if saved.is_file():
                saved.unlink()


def _refuse_directory(path: Path) -> None:
    if path.is_dir():
        raise _Refused(f"cannot keep data in {path}: it is a directory; give --db a file name")


def _greet(console: Console, session: Session, person: Person, path: Path) -> None:
    console.print(Text(BANNER.format(handle=person.handle, name=person.real_name), style="bold"))
    console.print(Text(f"Data: {path}", style="dim"))
    if session.clock() > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2):
        local = session.clock().astimezone(ZoneInfo(person.tz))
        console.print(
            Text(
                f"Clock: {day_and_time(local)} {local.year}, where the last session on this "
                "data left it.",
                style="dim",
            )
        )


def _leave(session: Session, path: Path) -> None:
    _clock_file(path).write_text(session.clock().isoformat(), encoding="utf-8")
    session.close()


def _clock_file(path: Path) -> Path:
    """Where a session leaves its clock, so the next one on this data resumes there."""
    return Path(f"{path}.clock")


def _open(path: Path, *, workspace: Workspace, library: list[Move]) -> Session:
    """The session on this SQLite file, its clock where the last session left it (or now)."""
    _refuse_directory(path)
    start = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    try:
        saved = dt.datetime.fromisoformat(_clock_file(path).read_text(encoding="utf-8").strip())
        start = max(start, saved.astimezone(dt.UTC))
    except (OSError, ValueError):
        pass  # no earlier session, or a file that isn't ours to trust: start now
    beside = [Path(f"{path}.log"), Path(f"{path}-migrate-lock")]
    made = [p for p in beside if not p.exists()]  # removed again if the start is refused
    try:
        logging.basicConfig(  # after the usage checks: a refused start leaves no file behind
            filename=f"{path}.log",
            level=logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        return Session(
            database_url=f"sqlite:///{path}",
            workspace=workspace,
            library=library,
            start=start,
            files_dir=Path(f"{path}.files"),
        )
    except (OSError, DatabaseError) as exc:
        logging.shutdown()
        for leftover in made:
            leftover.unlink(missing_ok=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise _Refused(f"cannot use {path} as the shell's database: {reason}") from None


def console_is_terminal() -> bool:
    return sys.stdout.isatty()
