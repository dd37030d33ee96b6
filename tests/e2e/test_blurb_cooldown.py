"""After a colleague presses "Not now", the same requester can't ask them again for 30 days,
from any entry point (`/mgr-goal blurb @x …` or a win's "Ask for a blurb"); someone else, or the
same person after 30 days, can be asked.

U1 (Europe/Berlin) asks; U2 (America/New_York) says not now on Monday 23 November 2026 (the
frozen clock's start, 16:00 in Berlin), so U1 may ask U2 again from Wednesday 23 December.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.services import blurbs
from bot.slack import ids
from tests.e2e.test_testimonials import (
    ABOUT,
    SAM,
    ask_ok,
    blurb_dms_to,
    click,
    log_win,
    open_ask_modal,
    refused_at_ack,
    requests_of,
    submit_ask,
)
from tests.support.clock import FrozenClock
from tests.support.readers import data_text
from tests.support.slack_requests import TEAM, SlackDriver

TOO_SOON = "said not now on Mon 23 Nov 2026. You can ask them again from Wed 23 Dec 2026."


def not_now(slack: SlackDriver, fake: FakeSlack, db: Database) -> str:
    """U1 asks U2, and U2 presses "Not now"; returns what U2's DM then says."""
    request = ask_ok(slack, fake, db)
    return data_text(click(slack, fake, ids.BLURB_NOT_NOW, request.id))


def test_after_not_now_the_command_refuses_the_same_colleague_for_30_days(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    fake_slack.add_user("U3", tz="Europe/Berlin")
    closed = not_now(slack, fake_slack, db)
    assert "can't ask you again for 30 days" in closed

    clock.advance(days=29)
    shown = refused_at_ack(slack, fake_slack, db, f"{SAM} {ABOUT}")

    assert f"<@U2> {TOO_SOON}" in shown
    assert "ask someone else you helped" in shown
    assert len(blurb_dms_to(fake_slack, "U2")) == 1  # only the first request
    # Someone else can be asked meanwhile.
    ask_ok(slack, fake_slack, db, f"<@U3|kim> {ABOUT}")

    clock.advance(days=2)  # 31 days after "Not now"
    again = ask_ok(slack, fake_slack, db)
    assert again.colleague_user_id == "U2"
    assert len(blurb_dms_to(fake_slack, "U2")) == 2


def test_after_not_now_a_wins_ask_modal_refuses_the_same_colleague_for_30_days(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    not_now(slack, fake_slack, db)
    win_id = log_win(slack, fake_slack, db, "Ran my first design review")

    clock.advance(days=29)
    modal = open_ask_modal(slack, fake_slack, win_id)
    reply = slack.submit(modal, {ids.BLURB_COLLEAGUE_BLOCK: "U2", ids.BLURB_ABOUT_BLOCK: ABOUT})
    errors = reply.json()["errors"]

    assert list(errors) == [ids.BLURB_COLLEAGUE_BLOCK]
    assert f"They {TOO_SOON}" in errors[ids.BLURB_COLLEAGUE_BLOCK]
    assert len(requests_of(db)) == 1

    clock.advance(days=2)
    modal = open_ask_modal(slack, fake_slack, win_id)
    assert "I've asked <@U2>" in submit_ask(slack, fake_slack, modal, "U2", ABOUT)
    assert len(requests_of(db)) == 2


def test_the_service_itself_refuses_so_no_entry_point_can_skip_the_cooldown(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    not_now(slack, fake_slack, db)
    colleague = blurbs.Colleague(user_id="U2", is_bot=False, deleted=False)

    with db.session() as session, pytest.raises(blurbs.AskedTooSoon) as refused:
        blurbs.create_request(
            session,
            team_id=TEAM,
            user_id="U1",
            colleague=colleague,
            about=ABOUT,
            now=clock.now + dt.timedelta(days=29),
        )
    assert refused.value.ask_again_on == dt.date(2026, 12, 23)
    assert len(requests_of(db)) == 1
