"""Requests Slack didn't sign, and signed requests that name someone else's data or carry junk.

Every id that comes back from a button, menu or modal is something a person can forge, so each
one is tried with another member's item id.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
from typing import Any

import pytest

from bot.cli import build_web_app
from bot.content.library import load_library
from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.slack import ids
from bot.slack.app import build_app
from bot.slack.context import Deps
from bot.web import WebApp
from tests.conftest import make_settings
from tests.support.blockkit import check_message
from tests.support.clock import FrozenClock
from tests.support.home_helpers import (
    ack_view,
    count,
    home_after,
    item_snapshot,
    modal_after,
    row_counts,
    seed_items,
)
from tests.support.readers import text_of
from tests.support.server import AppServer
from tests.support.settings import given_settings
from tests.support.slack_requests import SlackDriver, sign

FORM = "application/x-www-form-urlencoded"
SECRET_TEXT = "Quietly interview for the EM role"


@pytest.fixture
def u1_item(db: Database, clock: FrozenClock) -> int:
    """U1's private item, plus an item of U2's own so U2 is a member too."""
    [item_id] = seed_items(db, clock.now, [SECRET_TEXT], user="U1")
    seed_items(db, clock.now, ["U2's own item"], user="U2")
    return item_id


# --- request signing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda body, ts: "v0=" + "0" * 64, id="wrong-signature"),
        pytest.param(lambda body, ts: "", id="no-signature"),
        pytest.param(lambda body, ts: sign(body, timestamp=ts, secret="other"), id="wrong-secret"),
        pytest.param(lambda body, ts: sign(body + "x", timestamp=ts), id="body-tampered"),
    ],
)
def test_unsigned_command_is_rejected_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, forge: Any
) -> None:
    body = slack.command_body("add Run the retro")
    ts = int(time.time())
    reply = slack.post(body, FORM, timestamp=ts, signature=forge(body, ts))
    assert reply.status == 401
    assert "Run the retro" not in reply.body
    assert row_counts(db) == (0, 0, 0)
    assert [c.method for c in fake_slack.calls if c.method != "auth.test"] == []


def test_served_app_checks_signatures_even_when_an_app_token_is_set(
    db: Database, fake_slack: FakeSlack
) -> None:
    """`mgrbot serve` with a .env that also has SLACK_APP_TOKEN (as the README once led to):
    HTTP requests are still verified, so nobody can post as any user without the secret."""
    settings = given_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "test-signing-secret",
            "SLACK_APP_TOKEN": "xapp-test",
            "DATABASE_URL": db.url,
            "SLACK_API_URL": fake_slack.api_url,
            "SCHEDULER_ENABLED": "false",
        }
    )
    server = AppServer(build_web_app(settings, load_library())).start()
    try:
        driver = SlackDriver(server.host, server.port, fake_slack.response_url())
        body = driver.command_body("add Run the retro", user="U2")
        ts = int(time.time())
        forged = driver.post(
            body, FORM, timestamp=ts, signature=sign(body, timestamp=ts, secret="x")
        )
        unsigned = driver.post(body, FORM, timestamp=ts, signature="")
        signed = driver.post(body, FORM, timestamp=ts)
    finally:
        server.stop()
    assert (forged.status, unsigned.status) == (401, 401)
    assert signed.status == 200 and "Run the retro" in signed.text
    assert row_counts(db)[1] == 1, "only the signed request added an item"


@pytest.mark.parametrize("skew", [-301, 301, -3600], ids=["stale", "future", "an-hour-old"])
def test_correctly_signed_but_stale_request_is_rejected(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, skew: int
) -> None:
    body = slack.command_body("add Run the retro")
    reply = slack.post(body, FORM, timestamp=int(time.time()) + skew)
    assert reply.status == 401
    assert row_counts(db) == (0, 0, 0)


def test_signed_request_inside_the_window_is_accepted(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """The control for the two tests above: same request, fresh timestamp."""
    body = slack.command_body("add Run the retro")
    before = count(fake_slack, "views.publish")
    reply = slack.post(body, FORM, timestamp=int(time.time()) - 200)
    assert reply.status == 200
    assert "Run the retro" in reply.text
    home_after(fake_slack, before=before)
    assert row_counts(db)[1] == 1


# --- forged item ids ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "choice", [ids.MENU_DONE, ids.MENU_EVIDENCE, ids.MENU_EDIT, ids.MENU_REMOVE]
)
def test_home_menu_naming_another_members_item_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, u1_item: int, choice: str
) -> None:
    before = item_snapshot(db, u1_item)
    reply = slack.click(ids.HOME_ITEM_MENU, selected=f"{choice}:{u1_item}", user="U2")
    assert reply.status == 200

    notice = modal_after(fake_slack, before=0)
    shown = text_of(notice)
    assert "isn't on your list" in shown
    assert "interview" not in shown, "U1's item text leaked to U2"
    assert notice.get("callback_id") not in (ids.ITEM_MODAL, ids.EVIDENCE_MODAL, ids.REMOVE_MODAL)
    home = home_after(fake_slack, before=0, user="U2")
    assert "interview" not in text_of(home)
    assert item_snapshot(db, u1_item) == before


def test_home_menu_from_someone_with_no_list_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    [item_id] = seed_items(db, clock.now, [SECRET_TEXT], user="U1")
    before = item_snapshot(db, item_id)
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{item_id}", user="U3")
    notice = modal_after(fake_slack, before=0)
    assert "interview" not in text_of(notice)
    home_after(fake_slack, before=0, user="U3")
    assert item_snapshot(db, item_id) == before
    assert row_counts(db)[0] == 1, "a refused click must not enrol anyone"


def test_same_user_id_in_another_workspace_cannot_touch_the_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, u1_item: int
) -> None:
    before = item_snapshot(db, u1_item)
    reply = slack.command("list", user="U1", team="T2")
    assert "interview" not in reply.text
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_DONE}:{u1_item}", user="U1", team="T2")
    modal_after(fake_slack, before=0)
    home_after(fake_slack, before=0, user="U1")
    assert item_snapshot(db, u1_item) == before


def test_item_modal_submission_with_another_members_item_id_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, u1_item: int
) -> None:
    before = item_snapshot(db, u1_item)
    slack.command("edit 1", user="U2")  # U2's own #1: a real modal to forge from
    view = modal_after(fake_slack, before=0)
    reply = slack.submit(
        view,
        {ids.TEXT_BLOCK: "Hijacked by U2"},
        user="U2",
        private_metadata=json.dumps({"item_id": u1_item}),
    )
    assert reply.status == 200
    body = reply.json()
    assert body.get("response_action") == "errors", reply.body
    assert "interview" not in reply.body
    assert item_snapshot(db, u1_item) == before
    assert row_counts(db)[1] == 2, "no item was added instead"


def test_evidence_submission_with_another_members_item_id_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, u1_item: int
) -> None:
    before = item_snapshot(db, u1_item)
    slack.command("edit 1", user="U2")
    own = modal_after(fake_slack, before=0)
    own_id = json.loads(own["private_metadata"])["item_id"]
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EVIDENCE}:{own_id}", user="U2")
    view = modal_after(fake_slack, before=1)
    assert view["callback_id"] == ids.EVIDENCE_MODAL

    reply = slack.submit(
        view,
        {ids.EVIDENCE_BLOCK: "U2 was here"},
        user="U2",
        private_metadata=json.dumps({"item_id": u1_item}),
    )
    assert reply.status == 200
    assert reply.json().get("response_action") == "errors", reply.body
    assert item_snapshot(db, u1_item) == before
    assert row_counts(db)[2] == 0


def test_remove_modal_submission_with_another_members_item_id_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, u1_item: int
) -> None:
    before = item_snapshot(db, u1_item)
    slack.command("edit 1", user="U2")
    own_id = json.loads(modal_after(fake_slack, before=0)["private_metadata"])["item_id"]
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_REMOVE}:{own_id}", user="U2")
    view = modal_after(fake_slack, before=1)
    assert view["callback_id"] == ids.REMOVE_MODAL

    reply = slack.submit(view, {}, user="U2", private_metadata=json.dumps({"item_id": u1_item}))
    assert reply.status == 200
    notice = ack_view(reply)
    assert "isn't on your list" in text_of(notice)
    assert item_snapshot(db, u1_item) == before
    assert item_snapshot(db, own_id) is not None, "U2's own item was not removed either"


def test_remove_confirm_button_with_another_members_item_id_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, u1_item: int
) -> None:
    before = item_snapshot(db, u1_item)
    reply = slack.click(ids.REMOVE_CONFIRM, value=str(u1_item), user="U2", container="message")
    assert reply.status == 200
    [answer] = fake_slack.wait_for("response_url")
    check_message(answer.args)
    assert "isn't on your list" in text_of(answer.args)
    assert "Removed" not in text_of(answer.args)
    assert item_snapshot(db, u1_item) == before


# --- junk in ids and metadata ---------------------------------------------------------------


GARBAGE_METADATA = [
    pytest.param("not json", id="not-json"),
    pytest.param("", id="empty"),
    pytest.param("[1, 2]", id="json-list"),
    pytest.param('{"item_id": "1"}', id="id-as-string"),
    pytest.param('{"item_id": true}', id="id-as-bool"),
    pytest.param('{"item_id": 1.0}', id="id-as-float"),
    pytest.param('{"item_id": 99999999999999999999}', id="id-huge"),
    pytest.param('{"item_id": -5}', id="id-negative"),
]


def _own_modal(slack: SlackDriver, fake_slack: FakeSlack, item_id: int, choice: str) -> dict:
    before = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{choice}:{item_id}")
    return modal_after(fake_slack, before=before)


@pytest.mark.parametrize("metadata", GARBAGE_METADATA)
@pytest.mark.parametrize(
    ("choice", "values"),
    [
        pytest.param(ids.MENU_EDIT, {ids.TEXT_BLOCK: "Changed text"}, id="edit"),
        pytest.param(ids.MENU_EVIDENCE, {ids.EVIDENCE_BLOCK: "Some evidence"}, id="evidence"),
        pytest.param(ids.MENU_REMOVE, {}, id="remove"),
    ],
)
def test_garbage_private_metadata_is_refused_without_a_crash(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    metadata: str,
    choice: str,
    values: dict[str, str],
) -> None:
    # Two items so that an id that decays to 1 or True would hit a real row.
    item_ids = seed_items(db, clock.now, ["Run the retro", "Mentor the new hire"])
    snapshots = [item_snapshot(db, i) for i in item_ids]
    view = _own_modal(slack, fake_slack, item_ids[0], choice)

    reply = slack.submit(view, values, private_metadata=metadata)
    assert reply.status == 200, f"HTTP {reply.status}: {reply.body!r}"
    body = reply.json()
    assert body.get("response_action") in ("errors", "update"), reply.body
    if body["response_action"] == "update":
        ack_view(reply)
    assert [item_snapshot(db, i) for i in item_ids] == snapshots
    assert row_counts(db) == (1, 2, 0)


@pytest.mark.parametrize(
    "selected",
    [
        "done:abc",
        "done:",
        "done:-1",
        "done:999999999999999999",
        "done:99999999999999999999999",
        "done:{id}.0",
        "done: {id}",
        "launch:{id}",
        "{id}",
        "",
    ],
)
def test_forged_home_menu_value_is_refused_without_a_crash(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, selected: str
) -> None:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before = item_snapshot(db, item_id)
    reply = slack.click(ids.HOME_ITEM_MENU, selected=selected.format(id=item_id))
    assert reply.status == 200
    notice = modal_after(fake_slack, before=0)
    assert notice.get("callback_id") is None or notice["callback_id"] not in (
        ids.ITEM_MODAL,
        ids.EVIDENCE_MODAL,
        ids.REMOVE_MODAL,
    )
    home_after(fake_slack, before=0)
    assert item_snapshot(db, item_id) == before


@pytest.mark.parametrize(
    "value", ["abc", "", "-1", "1.0", "999999999999999999", "99999999999999999999999"]
)
def test_forged_remove_confirm_value_is_refused_without_a_crash(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, value: str
) -> None:
    seed_items(db, clock.now, ["Run the retro"])
    reply = slack.click(ids.REMOVE_CONFIRM, value=value, container="message")
    assert reply.status == 200
    [answer] = fake_slack.wait_for("response_url")
    assert "Removed" not in text_of(answer.args)
    assert row_counts(db)[1] == 1


# --- health check ---------------------------------------------------------------------------


def test_healthz_answers_ok_when_the_database_is_reachable(slack: SlackDriver) -> None:
    connection = http.client.HTTPConnection(slack.host, slack.port, timeout=10)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        assert response.status == 200
        assert response.read().decode().strip() == "ok"
    finally:
        connection.close()


def test_healthz_answers_503_when_the_database_is_unreachable(fake_slack: FakeSlack) -> None:
    dead = Database("postgresql+psycopg://postgres@127.0.0.1:1/x")
    try:
        app = build_app(make_settings(dead.url, fake_slack.api_url), Deps(db=dead))
        web = WebApp(app, dead)
        seen: list[str] = []
        body = b"".join(
            web(
                {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"},
                lambda status, headers, *_: seen.append(status),
            )
        )
    finally:
        dead.engine.dispose()
    assert seen and seen[0].startswith("503"), seen
    assert b"ok" not in body.lower().split()


def test_healthz_answers_while_slack_is_unreachable(db: Database) -> None:
    """A gunicorn worker starting during a Slack outage still comes up and reports healthy:
    the database is what /healthz checks, and Slack is only needed once requests arrive."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings = given_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "test-signing-secret",
            "DATABASE_URL": db.url,
            "SLACK_API_URL": f"http://127.0.0.1:{closed}/api/",
            "SCHEDULER_ENABLED": "false",
        }
    )
    web = build_web_app(settings, load_library())
    seen: list[str] = []
    body = b"".join(
        web(
            {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"},
            lambda status, headers, *_: seen.append(status),
        )
    )
    assert seen == ["200 OK"] and body == b"ok\n"
