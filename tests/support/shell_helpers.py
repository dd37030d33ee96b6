"""`mgrbot shell` in-process: a Session on the test database and a Shell reading a script.

`ScriptedShell.type(*lines)` feeds the lines to the shell as `--script` would and returns
what it printed (a transcript: each line echoed after its prompt), so tests read the same
text a person would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.content.library import load_library
from bot.devtools import render
from bot.devtools.session import Session
from bot.devtools.shell import Lines, Shell
from bot.devtools.workspace import Workspace
from tests.support.blockkit import check_payloads

LIBRARY = load_library()


@contextlib.contextmanager
def open_session(
    database_url: str, start: dt.datetime, *, files_dir: Path | None = None
) -> Iterator[Session]:
    """A session on `database_url` (which it migrates itself), closed after the test, with
    every payload the bot sent checked like any fake Slack's."""
    session = Session(
        database_url=database_url,
        workspace=Workspace(),
        library=LIBRARY,
        start=start,
        files_dir=files_dir,
    )
    try:
        yield session
    finally:
        session.close()
    check_payloads(session.slack)


class ScriptedShell:
    """The shell as `mgrbot shell --script` runs it, printing into a string."""

    def __init__(self, session: Session, *, handle: str = "kofi") -> None:
        person = session.workspace.person(handle)
        assert person is not None
        self.out = io.StringIO()
        # As launch.run() builds it for a pipe: no highlighting, no emoji codes, no wrapping.
        self.console = Console(
            file=self.out, highlight=False, emoji=False, soft_wrap=True, force_terminal=False
        )
        self.shell = Shell(
            session,
            console=self.console,
            lines=Lines(io.StringIO(), interactive=False, echo=lambda _: None),  # see feed()
            person=person,
        )
        self.status = 0

    def feed(self, lines: list[str] | tuple[str, ...]) -> io.StringIO:
        """Make `lines` the shell's input (as a script); returns the script, to see what is
        left of it."""
        source = io.StringIO("".join(line + "\n" for line in lines))
        # The echo as launch.run() makes it: what was typed, control characters as escapes.
        self.shell.lines = Lines(
            source,
            interactive=False,
            echo=lambda line: self.console.print(Text(render.inert(line), style="bold")),
        )
        return source

    def type(self, *lines: str) -> str:
        """Run these lines to the end; returns what the shell printed meanwhile."""
        start = len(self.out.getvalue())
        self.feed(lines)
        self.status = max(self.status, self.shell.run())
        return self.out.getvalue()[start:]

    def press(self, number: int, answers: list[str]) -> str:
        """Press control [number], with `answers` as the input its form (or "Are you sure?")
        reads; returns the answers it didn't read."""
        source = self.feed(answers)
        self.shell.show(self.shell.session.catch_up())
        viewer = self.shell.controls[number].surface.viewer
        if viewer and viewer != self.shell.person.user_id:  # on someone else's screen
            self.shell.become(self.shell.workspace.user_name(viewer))
        self.console.print(Text(self.shell.prompt() + str(number), style="bold"))
        self.shell.handle(str(number))
        self.status = max(self.status, 1 if self.shell.failures else 0)
        return source.read()

    @property
    def transcript(self) -> str:
        return self.out.getvalue()
