"""The real runtimes as an operator starts them: `mgrbot serve` (gunicorn) and Socket Mode."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.devtools.fake_slack import FakeSlack
from tests.support.slack_requests import SECRET, SlackDriver

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(tmp_path: Path, fake: FakeSlack, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_API_URL": fake.api_url,
            **env,
        },
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], needle: str) -> None:
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if needle in line:
            return
    raise AssertionError("process ended before printing " + needle + ":\n" + "".join(seen))


@contextlib.contextmanager
def _serving(tmp_path: Path, fake: FakeSlack, **env: str) -> Iterator[SlackDriver]:
    port = _free_port()
    process = _start(tmp_path, fake, "serve", "--port", str(port), "--workers", "1", **env)
    try:
        _wait_for_line(process, "Listening at")
        yield SlackDriver("127.0.0.1", port, fake.response_url())
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def served(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[SlackDriver]:
    with _serving(tmp_path, fake_slack, SLACK_SIGNING_SECRET=SECRET) as driver:
        yield driver


def test_serve_answers_healthz_and_slash_commands(
    served: SlackDriver, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    connection = http.client.HTTPConnection(served.host, served.port, timeout=20)
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200

    reply = served.command("add Mentor the new hire due friday")
    assert reply.status == 200
    assert "Added to your list" in reply.text
    published = fake_slack.wait_for("views.publish")
    assert "Mentor the new hire" in str(published[-1].args["view"])
    assert (tmp_path / "mgrbot.db").exists()  # SQLite by default, in the working directory


def test_serve_rejects_unsigned_requests(served: SlackDriver) -> None:
    body = served.command_body("list")
    assert served.post(body, "application/x-www-form-urlencoded", signature="v0=bad").status == 401


def test_serve_rejects_unsigned_requests_when_an_app_token_is_also_set(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    """A .env with both tokens (Socket Mode's and HTTP's) must not turn signatures off."""
    with _serving(
        tmp_path, fake_slack, SLACK_SIGNING_SECRET=SECRET, SLACK_APP_TOKEN="xapp-test"
    ) as driver:
        body = driver.command_body("add Run the retro")
        forged = driver.post(body, "application/x-www-form-urlencoded", signature="v0=bad")
        signed = driver.post(body, "application/x-www-form-urlencoded")
    assert forged.status == 401
    assert signed.status == 200 and "Run the retro" in signed.text


def test_socket_mode_connects_through_slack_api_url(tmp_path: Path, fake_slack: FakeSlack) -> None:
    process = _start(tmp_path, fake_slack, "run", SLACK_APP_TOKEN="xapp-test")
    try:
        calls = fake_slack.wait_for("apps.connections.open", timeout=30)
        assert calls[0].method == "apps.connections.open"
    finally:
        process.terminate()
        process.wait(timeout=20)
