"""A form takes effect once: Slack may deliver the same modal submission twice (a double click,
a retry after a slow answer), at once or one after the other. The second one closes the modal
and changes nothing.

The frozen clock starts on Monday 23 November 2026, 15:00 UTC; U1 is in Europe/Berlin, so their
first check-in goes out on Monday 30 November at 08:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.jobs.tick import tick
from bot.models import CheckIn, EvidenceNote, Win
from bot.slack import ids
from tests.support.checkin_helpers import checkins_of, dms, make_delivery
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, items_of, modal_after, seed_items
from tests.support.readers import as_view, buttons, data_text
from tests.support.slack_requests import Reply, SlackDriver

SLOT1 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def rows(db: Database, model: type[Any]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def submit_twice_at_once(slack: SlackDriver, submit: Callable[[], Reply]) -> list[Reply]:
    """Two identical submissions posted at the same moment from two threads."""
    start = threading.Barrier(2)

    def post(_: int) -> Reply:
        start.wait(timeout=10)
        return submit()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(post, range(2)))


def open_did_it_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> dict[str, Any]:
    """Enrol U1, deliver their first check-in, press Did it; returns the modal."""
    before = count(fake_slack, "views.publish")
    assert "Added to your list" in slack.command("add Mentor the new hire").text
    fake_slack.wait_for("views.publish", before + 1)
    tick(checkins=make_delivery(db, fake_slack), now=SLOT1)
    [dm] = dms(fake_slack)
    clock.now = SLOT1 + dt.timedelta(hours=3)
    before = count(fake_slack, "views.open")
    reply = slack.click("checkin_did_it", value=buttons(dm)["checkin_did_it"], container="message")
    assert reply.status == 200, reply.body
    return as_view(fake_slack.wait_for("views.open", before + 1)[before])


def test_the_same_did_it_submitted_twice_at_once_logs_one_win(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    view = open_did_it_modal(slack, fake_slack, db, clock)
    before_home = count(fake_slack, "views.publish")

    replies = submit_twice_at_once(
        slack, lambda: slack.submit(view, {"outcome": "Ran the retro"}, view_id="VDIDIT")
    )

    # Both close the modal: the person sees one answer, not an error.
    assert [(r.status, r.body) for r in replies] == [(200, ""), (200, "")]
    assert rows(db, Win) == 1
    [checkin] = checkins_of(db)
    assert checkin.state == "done" and checkin.outcome == "Ran the retro"
    home = data_text(as_view(fake_slack.wait_for("views.publish", before_home + 1)[-1]))
    assert "Wins (1)" in home


def test_two_did_it_modals_for_one_check_in_log_one_win(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """Did it pressed twice before either modal is saved: two modals, still one answer."""
    view = open_did_it_modal(slack, fake_slack, db, clock)

    first, second = submit_twice_at_once(
        slack,
        lambda: slack.submit(view, {"outcome": "Ran the retro"}),  # a new view id each time
    )

    # One saves and closes; the other, if it came second, says so on the field.
    assert "" in (first.body, second.body), (first.body, second.body)
    for reply in (first, second):
        if reply.body:
            assert "already logged" in reply.json()["errors"][ids.OUTCOME_BLOCK]
    assert rows(db, Win) == 1
    with db.session() as session:
        assert session.scalar(select(CheckIn.state)) == "done"


def open_item_form(slack: SlackDriver, fake_slack: FakeSlack, **_: Any) -> dict[str, Any]:
    before = count(fake_slack, "views.open")
    assert slack.command("add").status == 200
    return modal_after(fake_slack, before=before)


def open_win_form(slack: SlackDriver, fake_slack: FakeSlack, **_: Any) -> dict[str, Any]:
    before = count(fake_slack, "views.open")
    assert slack.command("win").status == 200
    return modal_after(fake_slack, before=before)


def open_evidence_form(
    slack: SlackDriver, fake_slack: FakeSlack, *, db: Database, clock: FrozenClock
) -> dict[str, Any]:
    [item_id] = seed_items(db, clock.now, ["Run the retro"])
    before = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EVIDENCE}:{item_id}")
    return modal_after(fake_slack, before=before)


def item_count(db: Database) -> int:
    return len(items_of(db))


FORMS = {
    "add-item": (open_item_form, {ids.TEXT_BLOCK: "Mentor the new hire"}, item_count),
    "log-a-win": (open_win_form, {ids.WIN_TEXT_BLOCK: "Ran the retro"}, lambda db: rows(db, Win)),
    "evidence": (
        open_evidence_form,
        {ids.EVIDENCE_BLOCK: "9 people came"},
        lambda db: rows(db, EvidenceNote),
    ),
}


@pytest.mark.parametrize("form", FORMS)
def test_a_form_submitted_again_after_a_slow_answer_stores_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, form: str
) -> None:
    open_form, values, stored = FORMS[form]
    view = open_form(slack, fake_slack, db=db, clock=clock)
    before_home = count(fake_slack, "views.publish")

    first = slack.submit(view, values, view_id="VFORM")
    home_after(fake_slack, before=before_home)
    again = slack.submit(view, values, view_id="VFORM")

    assert (first.status, first.body) == (200, "")
    assert (again.status, again.body) == (200, ""), "the repeat just closes the modal"
    assert stored(db) == 1


@pytest.mark.parametrize("form", FORMS)
def test_a_form_refused_with_an_error_can_be_fixed_and_saved(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, form: str
) -> None:
    """An inline error stores nothing, so the same modal, corrected, still saves."""
    open_form, values, stored = FORMS[form]
    view = open_form(slack, fake_slack, db=db, clock=clock)
    blank = dict.fromkeys(values, " ")

    refused = slack.submit(view, blank, view_id="VFORM")
    saved = slack.submit(view, values, view_id="VFORM")

    assert refused.json().get("response_action") == "errors", refused.body
    assert (saved.status, saved.body) == (200, "")
    assert stored(db) == 1
