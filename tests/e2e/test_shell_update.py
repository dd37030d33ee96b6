"""`mgrbot shell` and the monthly update's form, in the demo workspace: the draft is edited a
line at a time as a person edits one line of it in Slack, and the "Send to" choices, written
in mrkdwn, read as names. Each test reads the transcript, then what the fake Slack was sent."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

import pytest
from rich.console import Console

from bot.db import Database
from bot.devtools.demo import seed_demo
from bot.devtools.session import Session
from tests.support.clock import START
from tests.support.shell_helpers import LIBRARY, ScriptedShell, open_session

# A line of the draft as the shell numbers it: indented, the number, two spaces, the line.
NUMBERED = re.compile(r"^ {4} *(\d+)  (.*)$", re.MULTILINE)
DEPLOY_WIN = "Walked our new hire through the deploy pipeline"


@pytest.fixture
def session(db: Database, database_url: str) -> Iterator[Session]:
    with open_session(database_url, START) as session:
        seed_demo(session.db, library=LIBRARY, now=START, workspace=session.workspace)
        yield session


def draft_lines(printed: str) -> dict[int, str]:
    """The last numbering of the draft the shell printed: line number -> line."""
    lines: dict[int, str] = {}
    for match in NUMBERED.finditer(printed):
        number = int(match.group(1))
        if number == 1:
            lines = {}
        lines[number] = match.group(2)
    return lines


def deletions(numbers: list[int]) -> list[str]:
    """`:del` commands for these lines, last first so each number still means the same line,
    a run of neighbours as one `:del N-M`."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return [
        f":del {run[0]}" if len(run) == 1 else f":del {run[0]}-{run[-1]}" for run in reversed(runs)
    ]


def sent_to(session: Session, handle: str) -> str:
    """Everything the bot posted in `handle`'s DM, as one JSON string."""
    person = session.workspace.person(handle)
    assert person is not None
    calls = [
        c
        for c in session.slack.calls_to("chat.postMessage")
        if c.args.get("channel") in (person.user_id, person.dm_channel)
    ]
    return json.dumps([c.args for c in calls], ensure_ascii=False)


def test_the_draft_is_edited_line_by_line_and_dana_gets_the_edited_text(session: Session) -> None:
    kofi = ScriptedShell(session)
    draft = draft_lines(kofi.type("/mgr-goal update", ":cancel"))
    private = [n for n, line in draft.items() if "[private]" in line]
    assert len(private) == 4 and any(DEPLOY_WIN in draft[n] for n in private)
    ask = next(n for n, line in draft.items() if line.startswith("• What's one thing"))
    assert ask > max(private)  # so deleting the private lines first leaves it where it is
    count = len(draft)

    printed = kofi.type(
        "/mgr-goal update",
        f":del {count + 1}",
        f":add {ask} • And: could I run the next planning session?",
        *deletions(private),
        ":line 1 My progress toward Engineering Manager this month.",
        ":add 0 Hi Dana,",
        ":done",
        "",  # Send to: @dana (your manager), ticked
        "",  # A copy for you: n
    )

    assert f"    ✗ no line {count + 1}: the lines are numbered 1 to {count}\n" in printed
    assert printed.count("\n    Enter keeps it · :line N text replaces line N · :del N") == 1
    assert f"     [Enter keeps these {count} lines]> :del {count + 1}\n" in printed
    form = printed[: printed.index(":done")]
    edited = draft_lines(form)
    assert edited[1] == "Hi Dana,"
    assert edited[2] == "My progress toward Engineering Manager this month."
    assert edited[len(edited)] == "• And: could I run the next planning session?"
    assert len(edited) == count + 2 - len(private)
    assert not any("[private]" in line for line in edited.values())
    assert f"     [Enter keeps these {len(edited)} lines]> :done\n" in printed
    assert "@dana (your manager)? y/n [y]> \n" in printed
    assert "✓ Send: sent." in printed
    assert kofi.status == 0

    to_dana = sent_to(session, "dana")
    assert "Hi Dana,\\nMy progress toward Engineering Manager this month." in to_dana
    assert "could I run the next planning session?" in to_dana
    assert "What's one thing you'd most like to see from me next month?" in to_dana
    assert "Untangled the flaky checkout test" in to_dana  # a shared win, kept
    assert DEPLOY_WIN not in to_dana
    assert "[private]" not in to_dana and "since 29 Oct" not in to_dana


def test_enter_keeps_the_edited_draft_and_a_line_typed_alone_replaces_it_all(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        "/mgr-goal update",
        ":line 1 Hi Dana, a short one this month.",
        "",  # Enter: the edited draft, which still has private wins: the bot refuses it
        "",
        "",
        ":help",  # the editing commands again, not a text to send
        "A short update: the outage review went well.",  # typed alone: the whole text
    )

    assert printed.count("✗ Lines tagged [private] are wins you kept private.") == 1
    refused = printed[printed.index("✗ Lines tagged [private]") :]
    assert draft_lines(refused)[1] == "Hi Dana, a short one this month."  # edits kept
    assert printed.count("\n    Enter keeps it · :line N text replaces line N · :del N") == 3
    assert "✓ Send: sent." in printed
    to_dana = sent_to(session, "dana")
    assert ":help" not in to_dana
    assert "A short update: the outage review went well." in to_dana
    assert "Hi Dana" not in to_dana and "Checked off my list" not in to_dana


def test_send_to_choices_written_in_mrkdwn_read_and_are_picked_as_names(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        "/mgr-goal stakeholder add @carol",
        "/mgr-goal update",
        "A short update for the people I work with.",
        "carol",
        "",
    )

    assert "<@U" not in printed
    assert "    1. @dana (your manager)  2. @carol\n" in printed
    assert "    numbers, comma-separated [@dana (your manager)]> carol\n" in printed
    assert "✓ Send: sent." in printed
    assert "A short update for the people I work with." in sent_to(session, "carol")
    assert sent_to(session, "dana") == "[]"


def test_a_draft_emptied_line_by_line_is_required_again_and_what_is_typed_prints_inert(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)
    count = len(draft_lines(kofi.type("/mgr-goal update", ":cancel")))

    printed = kofi.type(
        "/mgr-goal update",
        f":del 1-{count}",
        "",  # Enter: nothing left, and the update is required
        ":add 0 Hi Dana\x1b[2J, one \u202eline",
        ":done",
        ":cancel",
    )

    assert "    (no text: :add 0 text starts it, or type it all)\n" in printed
    assert "    ✗ Your update is required: type a value, or :cancel\n" in printed
    assert "    1  Hi Dana\\x1b[2J, one \\u202eline\n" in printed
    assert "\x1b" not in printed and "\u202e" not in printed
    assert "Form closed; nothing was sent." in printed
    assert sent_to(session, "dana") == "[]"


def test_at_a_terminal_a_long_line_of_the_draft_wraps_under_its_text(session: Session) -> None:
    kofi = ScriptedShell(session)
    screen = io.StringIO()
    kofi.shell.console = Console(file=screen, force_terminal=True, width=60, color_system=None)

    kofi.type("/mgr-goal update", ":cancel")

    draft = screen.getvalue().split("\n")
    start = next(i for i, line in enumerate(draft) if line.startswith("     1  My progress"))
    end = next(i for i, line in enumerate(draft) if "Enter keeps it ·" in line)
    assert end - start > 40  # the long lines wrapped
    for line in draft[start:end]:
        assert re.match(r"^ {4} *\d+  | {8}\S|\s*$", line), line
