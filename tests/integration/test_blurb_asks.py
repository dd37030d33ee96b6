"""The blurb use cases against a real database and a fake Messenger: asking (and undoing an
ask whose DM failed), the guard rails, handing a blurb over, and the expiry job."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.domain.blurbs import BlurbRequestState
from bot.jobs.blurb_expiry import expire_blurb_requests
from bot.models import BlurbRequest
from bot.services import blurb_asks, blurbs
from bot.services.blurbs import AskedTooSoon
from bot.services.errors import FieldErrors, UserError
from bot.services.messenger import SendFailed
from bot.slack import ids
from tests.support.fake_messenger import FakeMessenger

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
PEOPLE: dict[str, dict[str, object]] = {
    "U1": {"id": "U1", "tz": "Europe/Berlin"},
    "U2": {"id": "U2", "tz": "America/New_York"},
    "U3": {"id": "U3"},
    "UBOT": {"id": "UBOT", "is_bot": True},
    "UGONE": {"id": "UGONE", "deleted": True},
    "USLACKBOT": {"id": "USLACKBOT"},
}


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger(profiles=dict(PEOPLE))


def ask(
    db: Database,
    messenger: FakeMessenger,
    colleague: str = "U2",
    *,
    about: str = "  the migration ",
    now: dt.datetime = NOW,
) -> blurb_asks.Asked:
    return blurb_asks.ask(
        db=db,
        messenger=messenger,
        team_id="T1",
        user_id="U1",
        colleague_user_id=colleague,
        about=about,
        win_id=None,
        now=now,
    )


def rows(db: Database) -> list[BlurbRequest]:
    with db.session() as session:
        return list(session.scalars(select(BlurbRequest).order_by(BlurbRequest.id)))


def test_asking_stores_the_request_and_dms_the_colleague(
    db: Database, messenger: FakeMessenger
) -> None:
    asked = ask(db, messenger)

    assert asked.colleague_user_id == "U2" and asked.about == "the migration"
    [dm] = messenger.to("U2", "dm")
    assert dm.message is not None and "<@U1>" in str(dm.message.to_dict())
    [row] = rows(db)
    assert row.id == asked.request_id
    assert row.state == BlurbRequestState.OPEN
    assert (row.channel, row.ts) == ("DU2", "1700000000.000001")
    assert row.expires_at == NOW + blurbs.EXPIRES_AFTER


def test_a_dm_that_fails_leaves_no_open_request_behind(
    db: Database, messenger: FakeMessenger
) -> None:
    messenger.fail_dm_to.add("U2")
    with pytest.raises(UserError, match="couldn't DM them"):
        ask(db, messenger)

    [row] = rows(db)
    assert row.state == BlurbRequestState.UNSENT
    messenger.fail_dm_to.clear()
    ask(db, messenger)  # not refused as "already open": the unsent one doesn't count
    assert [r.state for r in rows(db)] == ["unsent", "open"]


@pytest.mark.parametrize(
    ("colleague", "refusal"),
    [
        ("UBOT", "That's a bot"),
        ("USLACKBOT", "That's a bot"),
        ("UGONE", "deactivated"),
        ("UNOBODY", "can't find that person"),
    ],
)
def test_bots_deactivated_and_unknown_people_are_refused_before_anything_is_stored(
    db: Database, messenger: FakeMessenger, colleague: str, refusal: str
) -> None:
    with pytest.raises(UserError, match=refusal):
        ask(db, messenger, colleague)
    assert rows(db) == [] and messenger.said == []


class SlackDown(FakeMessenger):
    def user_profile(self, *, user_id: str) -> dict[str, object] | None:
        raise SendFailed("ratelimited")


def test_when_slack_cant_say_who_they_are_nothing_is_sent(db: Database) -> None:
    with pytest.raises(UserError, match="couldn't check that person"):
        ask(db, SlackDown(profiles=dict(PEOPLE)))
    assert rows(db) == []


def test_after_not_now_the_same_colleague_can_be_asked_again_only_30_days_later(
    db: Database, messenger: FakeMessenger
) -> None:
    asked = ask(db, messenger)
    with db.session() as session:
        blurbs.decline(session, team_id="T1", user_id="U2", request_id=asked.request_id, now=NOW)

    with pytest.raises(AskedTooSoon) as refused:
        ask(db, messenger, now=NOW + dt.timedelta(days=29))
    assert refused.value.colleague_user_id == "U2"
    assert refused.value.ask_again_on == dt.date(2026, 12, 23)
    assert refused.value.problems.keys() == {"colleague"}  # shown next to the person picked

    ask(db, messenger, now=NOW + dt.timedelta(days=30))
    assert [r.state for r in rows(db)] == ["declined", "open"]
    assert len(messenger.to("U2", "dm")) == 2


def test_the_guard_rails_name_the_field_they_refuse(db: Database) -> None:
    cases = {
        ("U1", "the migration"): "colleague",  # yourself
        ("not-a-person", "the migration"): "colleague",
        ("U2", "   "): "about",
        ("U2", "x" * 1000): "about",
    }
    for (colleague, about), field in cases.items():
        with db.session() as session, pytest.raises(FieldErrors) as refused:
            blurbs.check_request(
                session,
                team_id="T1",
                user_id="U1",
                colleague_user_id=colleague,
                about=about,
                now=NOW,
            )
        assert refused.value.problems.keys() == {field}
        assert ids.BLURB_ASK_FIELDS[field]


def write(db: Database, request_id: int, text: str, *, may_share: bool = True) -> BlurbRequest:
    """The colleague (U2) sends their blurb."""
    with db.session() as session:
        return blurbs.write_blurb(
            session,
            team_id="T1",
            user_id="U2",
            request_id=request_id,
            text=text,
            may_share=may_share,
            now=NOW,
        )


def test_a_written_blurb_closes_the_colleagues_dm_and_reaches_the_requester(
    db: Database, messenger: FakeMessenger
) -> None:
    request = write(db, ask(db, messenger).request_id, " They helped. ", may_share=False)
    blurb_asks.hand_over(messenger=messenger, request=request)

    [closed] = messenger.to("DU2/", "update")
    assert closed.message is not None and "Thank you!" in str(closed.message.to_dict())
    [arrived] = messenger.to("U1", "dm")
    assert arrived.message is not None and "They helped." in str(arrived.message.to_dict())
    [row] = rows(db)
    assert (row.state, row.blurb, row.may_share) == ("written", "They helped.", False)


def test_a_second_answer_to_the_same_request_is_refused(
    db: Database, messenger: FakeMessenger
) -> None:
    request_id = ask(db, messenger).request_id
    with db.session() as session:
        blurbs.decline(session, team_id="T1", user_id="U2", request_id=request_id, now=NOW)
    with pytest.raises(UserError, match="said not now"):
        write(db, request_id, "late")
    with db.session() as session, pytest.raises(UserError, match="wasn't sent to you"):
        blurbs.decline(session, team_id="T1", user_id="U3", request_id=request_id, now=NOW)


def test_a_lost_arrival_dm_is_only_logged(db: Database, messenger: FakeMessenger) -> None:
    request = write(db, ask(db, messenger).request_id, "Thanks")
    messenger.fail_dm_to.add("U1")
    blurb_asks.hand_over(messenger=messenger, request=request)
    assert rows(db)[0].state == "written"


def test_the_expiry_job_closes_overdue_requests_and_their_dms(
    db: Database, messenger: FakeMessenger
) -> None:
    ask(db, messenger)
    ask(db, messenger, "U3")
    later = NOW + blurbs.EXPIRES_AFTER
    assert expire_blurb_requests(db=db, messenger=messenger, now=later - dt.timedelta(1)) == {}

    done = expire_blurb_requests(db=db, messenger=messenger, now=later, batch=1)

    assert done == {"blurb_requests_expired": 2}  # a batch at a time, until none are left
    for colleague in ("DU2/", "DU3/"):
        [closed] = messenger.to(colleague, "update")
        assert closed.message is not None
        assert "expired after 14 days" in str(closed.message.to_dict())
    assert [r.state for r in rows(db)] == ["expired", "expired"]
    assert expire_blurb_requests(db=db, messenger=messenger, now=later) == {}
