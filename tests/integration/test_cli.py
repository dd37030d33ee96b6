"""`mgrbot` as an operator runs it: clear one-line config errors, migrate, tick."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.devtools.fake_slack import FakeSlack, ScriptedReply

BASE_ENV = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}


def mgrbot(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**BASE_ENV, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "env", "variable"),
    [
        (("run",), {}, "SLACK_BOT_TOKEN"),
        (("serve",), {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        (("run",), {"SLACK_BOT_TOKEN": "not-a-token"}, "SLACK_BOT_TOKEN"),
        (("run",), {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
        (("migrate",), {"DATABASE_URL": "mysql://nope"}, "DATABASE_URL"),
        (("migrate",), {"SLACK_API_URL": "ftp://x"}, "SLACK_API_URL"),
        (("migrate",), {"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        (("tick",), {}, "SLACK_BOT_TOKEN"),
        (("migrate",), {"MOVES_FILE": "/nonexistent/moves.toml"}, "MOVES_FILE"),
        (("migrate",), {"STAKEHOLDER_STALE_WEEKS": "0"}, "STAKEHOLDER_STALE_WEEKS"),
        (("migrate",), {"STAKEHOLDER_STALE_WEEKS": "six"}, "STAKEHOLDER_STALE_WEEKS"),
    ],
)
def test_bad_setting_is_one_clear_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], variable: str
) -> None:
    result = mgrbot(tmp_path, *args, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and ".env.example" in lines[0]
    assert "Traceback" not in result.stderr


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=nonsense\n")
    result = mgrbot(tmp_path, "migrate")
    assert result.returncode == 2 and "LOG_LEVEL" in result.stderr


def test_invalid_moves_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "moves.toml").write_text('[[move]]\nid = "x"\n')
    result = mgrbot(tmp_path, "migrate", MOVES_FILE=str(tmp_path / "moves.toml"))
    assert result.returncode == 2
    assert "MOVES_FILE" in result.stderr and "title" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = mgrbot(tmp_path, "migrate", DATABASE_URL="postgresql://postgres@127.0.0.1:1/x")
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_migrate_creates_the_default_sqlite_file(tmp_path: Path) -> None:
    result = mgrbot(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mgrbot.db").exists()


def test_tick_at_an_instant(tmp_path: Path, fake_slack: FakeSlack) -> None:
    result = mgrbot(
        tmp_path,
        "tick",
        "--at",
        "2026-03-29T01:30:00+01:00",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=fake_slack.api_url,
    )
    assert result.returncode == 0, result.stderr
    assert "2026-03-29T00:30:00+00:00" in result.stdout


def test_tick_rejects_a_naive_instant(tmp_path: Path) -> None:
    result = mgrbot(tmp_path, "tick", "--at", "2026-03-29T01:30:00")
    assert result.returncode == 2
    assert "time zone" in result.stderr


REPO = Path(__file__).resolve().parents[2]


def _example_values() -> dict[str, str]:
    """Every SLACK_* value .env.example ships, including commented-out ones."""
    values = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        key, sep, value = line.lstrip("# ").partition("=")
        if sep and key.startswith("SLACK_") and key != "SLACK_API_URL":
            values[key] = value.strip()
    return values


def test_env_example_leaves_socket_mode_off() -> None:
    """Copying .env.example must not switch runtimes: SLACK_APP_TOKEN is opt-in."""
    active = [
        line
        for line in (REPO / ".env.example").read_text().splitlines()
        if not line.startswith("#")
    ]
    assert not [line for line in active if line.startswith("SLACK_APP_TOKEN")]
    assert "SLACK_APP_TOKEN" in _example_values()


@pytest.mark.parametrize("variable", ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"])
def test_example_placeholder_is_refused_with_one_line(tmp_path: Path, variable: str) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"}
    env[variable] = _example_values()[variable]
    result = mgrbot(tmp_path, "serve", **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"mgrbot: {variable} ") and "placeholder" in lines[0]
    assert "set it to" in lines[0] and "Traceback" not in result.stderr


def test_unedited_copy_of_env_example_is_refused(tmp_path: Path) -> None:
    """`cp .env.example .env` and start: one line saying which value to fill in."""
    (tmp_path / ".env").write_text((REPO / ".env.example").read_text())
    result = mgrbot(tmp_path, "run")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SLACK_BOT_TOKEN" in lines[0], result.stderr


# --- Slack at start-up ----------------------------------------------------------------------

START_COMMANDS = [
    pytest.param(("run",), {"SLACK_APP_TOKEN": "xapp-test"}, id="run-socket-mode"),
    pytest.param(("run",), {}, id="run-http"),
    pytest.param(("serve", "--port", "1"), {}, id="serve"),
    pytest.param(("tick",), {}, id="tick"),
]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(("args", "env"), START_COMMANDS)
def test_token_slack_rejects_is_one_line_and_exit_2(
    tmp_path: Path, fake_slack: FakeSlack, args: tuple[str, ...], env: dict[str, str]
) -> None:
    fake_slack.reject_token("invalid_auth")
    result = mgrbot(
        tmp_path,
        *args,
        SLACK_BOT_TOKEN="xoxb-revoked",
        SLACK_SIGNING_SECRET="s3cret",
        SLACK_API_URL=fake_slack.api_url,
        **env,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mgrbot: SLACK_BOT_TOKEN was rejected by Slack: invalid_auth")
    assert [c.method for c in fake_slack.calls] == ["auth.test"], "one check, then nothing"
    assert not (tmp_path / "mgrbot.db").exists(), "stopped before touching the database"


@pytest.mark.parametrize(("args", "env"), START_COMMANDS)
def test_unreachable_slack_is_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    api_url = f"http://127.0.0.1:{_closed_port()}/api/"
    result = mgrbot(
        tmp_path,
        *args,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="s3cret",
        SLACK_API_URL=api_url,
        **env,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"mgrbot: cannot reach Slack at {api_url}: Connection refused"


def test_slack_failing_with_a_server_error_is_one_line_and_exit_2(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    fake_slack.script("auth.test", ScriptedReply(503, {"ok": False, "error": "fatal_error"}))
    result = mgrbot(tmp_path, "tick", SLACK_BOT_TOKEN="xoxb-test", SLACK_API_URL=fake_slack.api_url)
    assert result.returncode == 2
    assert result.stderr.strip() == f"mgrbot: cannot reach Slack at {fake_slack.api_url}: HTTP 503"


@pytest.mark.parametrize(
    ("command", "defaults"),
    [
        ("serve", ["(default: 127.0.0.1)", "(default: 3000)", "(default: 2)"]),
        ("tick", ["(default: now)"]),
    ],
)
def test_help_says_what_each_option_defaults_to(
    tmp_path: Path, command: str, defaults: list[str]
) -> None:
    result = mgrbot(tmp_path, command, "--help")
    assert result.returncode == 0, result.stderr
    help_text = " ".join(result.stdout.split())  # argparse wraps lines
    for default in defaults:
        assert default in help_text, result.stdout
