"""Manager-link requests expire end to end: nobody answers `/mgr-goal manager @dana` within 14
days, the tick closes it, Dana's DM loses its buttons, Kofi is told once and can ask again.

U1 (Europe/Berlin) is the member; U2 (America/New_York) is asked to be their manager.
"""

from __future__ import annotations

import datetime as dt

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack
from bot.models import ManagerLink
from bot.slack import ids
from tests.e2e.test_manager_links import (
    accept,
    active,
    ask_ok,
    dms_to,
    link_row,
    links_of,
    member_row,
    refused,
    setup_with_manager,
)
from tests.support.blockkit import check_message
from tests.support.checkin_helpers import RunTick
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count
from tests.support.readers import as_view, buttons, mrkdwn_texts, text_of
from tests.support.slack_requests import SlackDriver

FOURTEEN_DAYS = dt.timedelta(days=14)
EXPIRED = "manager_requests_expired"


def expiry_dms(fake: FakeSlack) -> list[Call]:
    """The DMs telling the member a request expired (the tick also sends them check-ins)."""
    return [c for c in dms_to(fake, "U1") if "has expired" in text_of(c)]


def dm_updates(fake: FakeSlack, link: ManagerLink) -> list[Call]:
    """Edits of the request DM to the manager."""
    return [c for c in fake.calls_to("chat.update") if c.args.get("ts") == link.ts]


def test_the_request_dm_says_it_expires_in_14_days(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    ask_ok(slack, fake_slack, db)
    [dm] = dms_to(fake_slack, "U2")
    assert "This request expires in 14 days." in text_of(dm)
    check_message({"text": dm.args["text"], "blocks": dm.args["blocks"]})


def test_a_request_expires_after_14_days_and_not_before(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    link = ask_ok(slack, fake_slack, db)
    expires = link.requested_at + FOURTEEN_DAYS

    clock.now = expires - dt.timedelta(hours=1)  # 13 days 23 hours
    assert EXPIRED not in run_tick(clock.now)
    assert link_row(db, link.id).state == "pending"
    status = slack.command("manager", user="U1").text
    assert "Waiting for <@U2>" in status and "expires on Mon 7 Dec 2026" in status
    assert dm_updates(fake_slack, link) == [] and expiry_dms(fake_slack) == []

    clock.now = expires
    assert run_tick(clock.now)[EXPIRED] == 1
    row = link_row(db, link.id)
    assert (row.state, row.answered_at) == ("expired", expires)
    assert active(db) is None and member_row(db).manager_user_id is None

    [closed] = dm_updates(fake_slack, row)
    assert (closed.args["channel"], closed.args["ts"]) == (row.channel, row.ts)
    assert "expired after 14 days" in text_of(closed) and buttons(closed) == {}
    check_message({"text": closed.args["text"], "blocks": closed.args["blocks"]})

    [told] = expiry_dms(fake_slack)
    shown = "\n".join(mrkdwn_texts(told))
    assert (
        "<@U2> didn't answer your request to link as your manager within 14 days, so it has "
        "expired. To ask <@U2> again, type `/mgr-goal manager` and mention them."
    ) in shown
    check_message({"text": told.args["text"], "blocks": told.args["blocks"]})

    status = slack.command("manager", user="U1").text
    assert "Waiting for" not in status and "No manager linked" in status


def test_the_member_is_told_once_even_if_the_tick_runs_again(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    link = ask_ok(slack, fake_slack, db)
    clock.now = link.requested_at + FOURTEEN_DAYS
    assert run_tick(clock.now)[EXPIRED] == 1
    assert EXPIRED not in run_tick(clock.now)
    clock.advance(days=1)
    assert EXPIRED not in run_tick(clock.now)
    assert len(expiry_dms(fake_slack)) == 1
    assert len(dm_updates(fake_slack, link_row(db, link.id))) == 1


def test_a_late_accept_or_decline_is_refused_and_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    link = ask_ok(slack, fake_slack, db)
    clock.now = link.requested_at + FOURTEEN_DAYS
    run_tick(clock.now)
    row = link_row(db, link.id)
    told = len(dms_to(fake_slack, "U1"))
    updates = count(fake_slack, "chat.update")

    clock.advance(days=3)
    for action in (ids.MANAGER_ACCEPT, ids.MANAGER_DECLINE):
        refusal = refused(slack, fake_slack, action, link.id)
        assert "This request expired" in refusal, refusal
    assert link_row(db, link.id).answered_at == row.answered_at
    assert link_row(db, link.id).state == "expired"
    assert active(db) is None and member_row(db).manager_user_id is None
    assert len(dms_to(fake_slack, "U1")) == told  # no tick ran: any DM would be the press's
    assert count(fake_slack, "chat.update") == updates


def test_a_press_past_the_deadline_before_the_tick_is_refused_too(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    """The tick runs every minute; the deadline holds in between."""
    link = ask_ok(slack, fake_slack, db)
    clock.now = link.requested_at + FOURTEEN_DAYS + dt.timedelta(seconds=20)
    assert "This request expired" in refused(slack, fake_slack, ids.MANAGER_ACCEPT, link.id)
    assert link_row(db, link.id).state == "pending"  # the tick closes it and tells Kofi
    assert active(db) is None
    assert fake_slack.calls_to("chat.update") == [] and expiry_dms(fake_slack) == []

    assert run_tick(clock.now)[EXPIRED] == 1
    assert link_row(db, link.id).state == "expired"
    assert len(expiry_dms(fake_slack)) == 1


def test_the_member_can_ask_again_after_it_expired_and_that_request_works(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    old = ask_ok(slack, fake_slack, db)
    clock.now = old.requested_at + FOURTEEN_DAYS
    run_tick(clock.now)

    clock.advance(hours=1)
    again = ask_ok(slack, fake_slack, db)
    assert again.id != old.id and again.state == "pending"
    assert again.requested_at == clock.now
    new_dm = dms_to(fake_slack, "U2")[-1]
    assert buttons(new_dm) == {
        ids.MANAGER_ACCEPT: str(again.id),
        ids.MANAGER_DECLINE: str(again.id),
    }
    assert "Waiting for <@U2>" in slack.command("manager", user="U1").text

    clock.advance(days=2)
    accept(slack, fake_slack, again.id)
    assert link_row(db, again.id).state == "active"
    assert link_row(db, old.id).state == "expired"
    assert active(db) is not None and member_row(db).manager_user_id == "U2"
    assert [link.state for link in links_of(db)] == ["expired", "active"]


def test_an_accepted_link_is_never_expired(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    link = ask_ok(slack, fake_slack, db)
    clock.advance(days=13)
    accept(slack, fake_slack, link.id)
    row = link_row(db, link.id)
    [accepted] = dm_updates(fake_slack, row)

    for days in (14, 15, 400):
        clock.now = link.requested_at + dt.timedelta(days=days)
        assert EXPIRED not in run_tick(clock.now)
    assert link_row(db, link.id).state == "active"
    assert active(db) is not None and member_row(db).manager_user_id == "U2"
    assert dm_updates(fake_slack, row) == [accepted]
    assert expiry_dms(fake_slack) == []


def test_a_request_from_setup_expires_and_saving_setup_again_asks_anew(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    setup_with_manager(slack, fake_slack, "U2")
    [old] = links_of(db)
    clock.now = old.requested_at + FOURTEEN_DAYS
    assert run_tick(clock.now)[EXPIRED] == 1
    assert len(expiry_dms(fake_slack)) == 1

    before_open = count(fake_slack, "views.open")
    assert slack.command("setup", user="U1").status == 200
    view = as_view(fake_slack.wait_for("views.open", before_open + 1)[before_open])
    field = next(b for b in view["blocks"] if b.get("block_id") == ids.MANAGER_BLOCK)
    assert "initial_user" not in field["element"]  # no longer shown as asked

    setup_with_manager(slack, fake_slack, "U2")
    assert [link.state for link in links_of(db)] == ["expired", "pending"]
    new = links_of(db)[-1]
    assert buttons(dms_to(fake_slack, "U2")[-1]) == {
        ids.MANAGER_ACCEPT: str(new.id),
        ids.MANAGER_DECLINE: str(new.id),
    }


def test_asking_the_same_manager_again_past_the_deadline_before_the_tick_asks_anew(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    """The deadline holds between ticks for the member too: not "you've already asked them"
    about a request Dana can no longer accept. The old one closes as expired (its DM says so),
    and the tick has nothing left to tell Kofi about it."""
    old = ask_ok(slack, fake_slack, db)
    clock.now = old.requested_at + FOURTEEN_DAYS
    status = slack.command("manager", user="U1").text
    assert "Waiting for" not in status, status

    again = ask_ok(slack, fake_slack, db)
    assert again.id != old.id and again.state == "pending"
    closed = link_row(db, old.id)
    assert (closed.state, closed.answered_at) == ("expired", clock.now)
    [edit] = dm_updates(fake_slack, closed)
    assert "expired after 14 days" in text_of(edit) and buttons(edit) == {}
    assert buttons(dms_to(fake_slack, "U2")[-1]) == {
        ids.MANAGER_ACCEPT: str(again.id),
        ids.MANAGER_DECLINE: str(again.id),
    }

    assert EXPIRED not in run_tick(clock.now)
    assert expiry_dms(fake_slack) == []
    assert link_row(db, again.id).state == "pending"
    accept(slack, fake_slack, again.id)
    assert member_row(db).manager_user_id == "U2"


def test_past_the_deadline_setup_and_manager_off_no_longer_treat_it_as_waiting(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    """Between the deadline and the tick: setup doesn't show Dana as asked, and `manager off`
    has nothing to withdraw; the tick then closes it as expired and tells Kofi once."""
    old = ask_ok(slack, fake_slack, db)
    clock.now = old.requested_at + FOURTEEN_DAYS

    before_open = count(fake_slack, "views.open")
    assert slack.command("setup", user="U1").status == 200
    view = as_view(fake_slack.wait_for("views.open", before_open + 1)[before_open])
    field = next(b for b in view["blocks"] if b.get("block_id") == ids.MANAGER_BLOCK)
    assert "initial_user" not in field["element"]

    off = slack.command("manager off", user="U1").text
    assert "no request waiting" in off, off
    assert link_row(db, old.id).state == "pending"  # the tick's to close, and to tell Kofi
    assert run_tick(clock.now)[EXPIRED] == 1
    assert link_row(db, old.id).state == "expired"
    assert len(expiry_dms(fake_slack)) == 1
