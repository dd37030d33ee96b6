"""Asking a stakeholder what they'd need to see, end to end: `/mgr-goal stakeholder ask @carol`
and the Home's "Ask what they'd need", Carol's DM with Answer / Not now, the answer form whose
answers become items asked by Carol, expiry, and every guard rail and forged press.

U1 (Kofi, Europe/Berlin) asks; U3 (Carol, UTC) is in management; U2 is another member and U4
a bystander. The frozen clock starts on Monday 23 November 2026, 15:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.models import (
    TEXT_MAX,
    CampaignItem,
    Member,
    Stakeholder,
    StakeholderAsk,
    StakeholderContact,
)
from bot.slack import ids
from tests.support.checkin_helpers import RunTick, eventually
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, items_of, modal_after
from tests.support.readers import (
    blocks_of,
    buttons,
    data_text,
    mrkdwn_objects,
    mrkdwn_texts,
    text_of,
)
from tests.support.slack_requests import Reply, SlackDriver

CAROL = "<@U3|carol>"
ASKED = "Asked <@U3> what they'd need to see. I'll tell you when they answer."
FOURTEEN_DAYS = dt.timedelta(days=14)
[FIRST, SECOND, THIRD] = ids.STAKEHOLDER_ANSWER_BLOCKS


@pytest.fixture(autouse=True)
def carol(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U3", tz="UTC")
    fake_slack.add_user("U4", tz="UTC")


# --- helpers ---------------------------------------------------------------------------------


def asks_of(db: Database) -> list[StakeholderAsk]:
    with db.session() as session:
        return list(session.scalars(select(StakeholderAsk).order_by(StakeholderAsk.id)))


def ask_row(db: Database, ask_id: int) -> StakeholderAsk:
    with db.session() as session:
        row = session.get(StakeholderAsk, ask_id)
        assert row is not None
        return row


def dms_to(fake: FakeSlack, user: str) -> list[Call]:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args.get("channel") == user and "thread_ts" not in c.args
    ]


def ask(slack: SlackDriver, fake: FakeSlack, who: str = CAROL, *, user: str = "U1") -> str:
    """`/mgr-goal stakeholder ask …` past the checks made before the ack: the empty ack, then
    the answer by response_url (returned)."""
    before = count(fake, "response_url")
    reply = slack.command(f"stakeholder ask {who}", user=user)
    assert reply.status == 200 and reply.body == "", reply.body
    return str(fake.wait_for("response_url", before + 1)[before].args["text"])


def ask_ok(
    slack: SlackDriver, fake: FakeSlack, db: Database, who: str = CAROL, *, user: str = "U1"
) -> StakeholderAsk:
    before_home = count(fake, "views.publish")
    text = ask(slack, fake, who, user=user)
    assert "what they'd need to see. I'll tell you when they answer." in text, text
    home_after(fake, before=before_home, user=user)
    return asks_of(db)[-1]


def refused_at_ack(slack: SlackDriver, fake: FakeSlack, db: Database, who: str = CAROL) -> str:
    """Refused from the database alone: nothing stored, nothing asked of Slack."""
    before_rows, before_calls = len(asks_of(db)), len(fake.calls)
    reply = slack.command(f"stakeholder ask {who}")
    assert reply.status == 200 and reply.json().get("response_type") == "ephemeral", reply.body
    assert len(asks_of(db)) == before_rows
    assert [c.method for c in fake.calls[before_calls:]] == []
    return reply.text


def click(
    slack: SlackDriver,
    fake: FakeSlack,
    action_id: str,
    ask_id: int | str,
    *,
    user: str = "U3",
    team: str = "T1",
) -> dict[str, Any]:
    """A button in Carol's DM; what the bot sent back by response_url."""
    before = count(fake, "response_url")
    reply = slack.click(action_id, value=str(ask_id), user=user, team=team, container="message")
    assert reply.status == 200, reply.body
    return fake.wait_for("response_url", before + 1)[before].args


def open_answer(slack: SlackDriver, fake: FakeSlack, ask_id: int) -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = slack.click(
        ids.STAKEHOLDER_ASK_ANSWER, value=str(ask_id), user="U3", container="message"
    )
    assert reply.status == 200, reply.body
    return modal_after(fake, before=before)


def submit(
    slack: SlackDriver,
    modal: dict[str, Any],
    *answers: str,
    user: str = "U3",
    team: str = "T1",
    **kw: Any,
) -> Reply:
    values: dict[str, Any] = dict(zip(ids.STAKEHOLDER_ANSWER_BLOCKS, answers, strict=False))
    return slack.submit(modal, values, user=user, team=team, **kw)


def answer_ok(slack: SlackDriver, fake: FakeSlack, ask_id: int, *answers: str) -> None:
    """Carol answers; returns once Kofi's Home is republished (the bot's last step)."""
    modal = open_answer(slack, fake, ask_id)
    before_home = count(fake, "views.publish")
    reply = submit(slack, modal, *answers)
    assert reply.status == 200 and reply.body == "", reply.body
    home_after(fake, before=before_home, user="U1")


def items(db: Database) -> list[CampaignItem]:
    return items_of(db, "U1")


def contacts(db: Database) -> list[StakeholderContact]:
    with db.session() as session:
        return list(session.scalars(select(StakeholderContact)))


def set_role(db: Database, role: str) -> None:
    with db.session() as session:
        member = session.scalar(select(Member).where(Member.user_id == "U1"))
        assert member is not None
        member.target_role = role


# --- the ask and the answer ------------------------------------------------------------------


def test_ask_answer_and_the_items_carol_asked_for(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    before = count(fake_slack, "views.publish")
    slack.command(f"stakeholder add {CAROL} runs platform")
    home_after(fake_slack, before=before)
    set_role(db, "Engineering Manager")

    # The ask republishes Kofi's Home after its reply; wait for it, so that the Home the answer
    # publishes below is not mistaken for this one.
    before = count(fake_slack, "views.publish")
    text = ask(slack, fake_slack)
    assert ASKED in text and "added them" not in text
    home_after(fake_slack, before=before)
    [row] = asks_of(db)
    assert (row.state, row.stakeholder_user_id, row.team_id) == ("open", "U3", "T1")
    assert row.expires_at == clock.now + FOURTEEN_DAYS
    assert row.channel == "U3" and row.ts

    [dm] = dms_to(fake_slack, "U3")
    shown = "\n".join(mrkdwn_texts(dm))
    assert "<@U1>" in shown and "*Engineering Manager*" in shown
    assert "Each answer goes on <@U1>'s list as asked by you" in shown
    assert buttons(dm) == {
        ids.STAKEHOLDER_ASK_ANSWER: str(row.id),
        ids.STAKEHOLDER_ASK_NOT_NOW: str(row.id),
    }

    clock.advance(hours=1)
    updates = count(fake_slack, "chat.update")
    answer_ok(slack, fake_slack, row.id, "Run the Q1 planning retro", "Mentor a new lead", "")

    listed = items(db)
    assert [(i.number, i.text, i.asked_by_user_id) for i in listed] == [
        (1, "Run the Q1 planning retro", "U3"),
        (2, "Mentor a new lead", "U3"),
    ]
    assert ask_row(db, row.id).state == "answered"
    # Carol's DM is replaced: thanks, and no buttons left.
    [closed] = fake_slack.calls_to("chat.update")[updates:]
    assert closed.args["ts"] == row.ts
    assert "Thanks — added to <@U1>'s list" in data_text(closed.args)
    assert buttons(closed.args) == {}
    # Kofi hears what was added, from Carol (the DM may land just after an earlier Home).
    eventually(lambda: len(dms_to(fake_slack, "U1")) == 1, what="Kofi's DM")
    [told] = dms_to(fake_slack, "U1")
    told_text = "\n".join(mrkdwn_texts(told.args))
    assert "from <@U3>" in told_text
    assert "*#1* Run the Q1 planning retro" in told_text and "*#2* Mentor a new lead" in told_text
    # Answering counts as talking to Carol.
    [contact] = contacts(db)
    assert contact.at == clock.now


def test_asking_someone_not_listed_adds_them_first(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    ask_ok(slack, fake_slack, db)
    with db.session() as session:
        [row] = session.scalars(select(Stakeholder)).all()
        assert row.user_id == "U3"
    assert asks_of(db)[0].state == "open"
    [dm] = dms_to(fake_slack, "U3")
    assert "working toward their first management role" in "\n".join(mrkdwn_texts(dm))


def test_the_reply_says_they_were_added(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    before = count(fake_slack, "views.publish")
    text = ask(slack, fake_slack)
    assert ASKED in text and "added them to your stakeholders" in text
    home_after(fake_slack, before=before)


def test_a_double_submit_stores_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    row = ask_ok(slack, fake_slack, db)
    modal = open_answer(slack, fake_slack, row.id)
    before_home = count(fake_slack, "views.publish")
    answers = ("Run the retro", "Own an incident review")
    first = submit(slack, modal, *answers)
    again = submit(slack, modal, *answers, view_id=slack.last_view_id)
    assert (first.status, first.body, again.status, again.body) == (200, "", 200, "")
    home_after(fake_slack, before=before_home)
    assert [i.text for i in items(db)] == list(answers)
    assert ask_row(db, row.id).state == "answered"
    assert len(dms_to(fake_slack, "U1")) == 1
    assert len(contacts(db)) == 1


def test_the_first_answer_is_required_and_each_kept_short(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    row = ask_ok(slack, fake_slack, db)
    modal = open_answer(slack, fake_slack, row.id)
    errors = submit(slack, modal, "   ", "Mentor").json()["errors"]
    assert "at least one thing" in errors[FIRST]
    errors = submit(slack, modal, "ok", "x" * 301).json()["errors"]
    assert "under 300 characters" in errors[SECOND]
    assert items(db) == [] and ask_row(db, row.id).state == "open"


def test_markup_in_answers_is_escaped_in_the_members_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    row = ask_ok(slack, fake_slack, db)
    answer_ok(slack, fake_slack, row.id, "<!channel> @here <b>&</b> *bold*")
    [told] = dms_to(fake_slack, "U1")
    texts = mrkdwn_texts(told.args)
    assert any("&lt;!channel&gt; @here &lt;b&gt;&amp;&lt;/b&gt; *bold*" in t for t in texts)
    assert not any("<!channel>" in t or "<!here>" in t for t in texts)
    assert all(o.get("verbatim") for o in mrkdwn_objects(blocks_of(told)))


def test_three_longest_answers_of_markup_all_reach_the_member_whole(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """Escaping grows `&` fivefold: three answers at the limit still each reach Kofi, and no
    entity is cut in half."""
    row = ask_ok(slack, fake_slack, db)
    answers = [c * TEXT_MAX for c in "&<>"]
    answer_ok(slack, fake_slack, row.id, *answers)
    [told] = dms_to(fake_slack, "U1")
    shown = "\n".join(mrkdwn_texts(told.args))
    for number, escaped in zip((1, 2, 3), ("&amp;", "&lt;", "&gt;"), strict=True):
        assert f"*#{number}* {escaped * TEXT_MAX}" in shown, number
    assert "/mgr-goal remove" in shown


# --- Not now, cooldown, expiry ---------------------------------------------------------------


def test_not_now_closes_it_quietly_and_blocks_asking_again_for_30_days(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    row = ask_ok(slack, fake_slack, db)
    closed = click(slack, fake_slack, ids.STAKEHOLDER_ASK_NOT_NOW, row.id)
    assert closed["replace_original"] is True
    assert "can't ask you again for 30 days" in data_text(closed)
    assert ids.STAKEHOLDER_ASK_ANSWER not in json.dumps(closed)
    assert ask_row(db, row.id).state == "declined"
    assert dms_to(fake_slack, "U1") == []  # like a blurb's "Not now": Kofi is not told

    clock.advance(days=29)
    refused = refused_at_ack(slack, fake_slack, db)
    assert "<@U3> said not now on Mon 23 Nov 2026" in refused
    assert "ask them again from Wed 23 Dec 2026" in refused

    clock.advance(days=2)
    again = ask_ok(slack, fake_slack, db)
    assert again.id != row.id and again.state == "open"


def test_an_ask_expires_after_14_days_and_tells_nobody_else(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    row = ask_ok(slack, fake_slack, db)
    expires = clock.now + FOURTEEN_DAYS

    clock.now = expires - dt.timedelta(minutes=1)
    assert "stakeholder_asks_expired" not in run_tick(clock.now)
    assert ask_row(db, row.id).state == "open"

    clock.now = expires
    updates = count(fake_slack, "chat.update")
    posts = len(dms_to(fake_slack, "U1")) + len(dms_to(fake_slack, "U3"))
    assert run_tick(clock.now)["stakeholder_asks_expired"] == 1
    assert ask_row(db, row.id).state == "expired"
    [closed] = fake_slack.calls_to("chat.update")[updates:]
    assert closed.args["ts"] == row.ts
    assert "expired" in data_text(closed.args) and buttons(closed.args) == {}
    assert len(dms_to(fake_slack, "U1")) + len(dms_to(fake_slack, "U3")) == posts
    assert run_tick(clock.now).get("stakeholder_asks_expired") is None

    for action in (ids.STAKEHOLDER_ASK_ANSWER, ids.STAKEHOLDER_ASK_NOT_NOW):
        assert "expired" in click(slack, fake_slack, action, row.id)["text"]
    assert fake_slack.calls_to("views.open") == []
    again = ask_ok(slack, fake_slack, db)
    assert again.id != row.id


def test_an_answer_form_sent_after_the_deadline_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    row = ask_ok(slack, fake_slack, db)
    clock.advance(days=13)
    modal = open_answer(slack, fake_slack, row.id)
    clock.advance(days=1)
    errors = submit(slack, modal, "Run the retro").json()["errors"]
    assert "expired" in errors[FIRST]
    assert items(db) == []


def test_a_slack_outage_checking_the_stakeholder_says_the_ask_was_not_sent(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    outage = ScriptedReply(503, {"ok": False, "error": "service_unavailable"})
    fake_slack.script("users.info", outage, outage, outage)  # the first try and both retries
    text = ask(slack, fake_slack)
    assert "so I didn't send the ask. Try again in a minute." in text, text
    assert asks_of(db) == [] and dms_to(fake_slack, "U3") == []


def test_a_dm_that_fails_marks_the_ask_unsent_and_can_be_retried(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.script("chat.postMessage", ScriptedReply(200, {"ok": False, "error": "fatal"}))
    assert "couldn't DM them" in ask(slack, fake_slack)
    [row] = asks_of(db)
    assert row.state == "unsent"
    ask_ok(slack, fake_slack, db)
    assert [r.state for r in asks_of(db)] == ["unsent", "open"]


# --- guard rails -----------------------------------------------------------------------------


def test_not_yourself(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    assert "That's you" in refused_at_ack(slack, fake_slack, db, "<@U1|kofi>")
    assert "Name a person" in refused_at_ack(slack, fake_slack, db, "")


@pytest.mark.parametrize(
    ("user", "profile", "expected"),
    [
        pytest.param("UROBOT", {"is_bot": True}, "That's a bot", id="bot"),
        pytest.param("USLACKBOT", {}, "That's a bot", id="slackbot"),
        pytest.param("U9", {"deleted": True}, "can't find that person", id="deactivated"),
        pytest.param("U404", None, "can't find that person", id="unknown"),
    ],
)
def test_bots_and_deactivated_people_are_refused(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    user: str,
    profile: dict[str, Any] | None,
    expected: str,
) -> None:
    if profile is not None:
        fake_slack.add_user(user, **profile)
    text = ask(slack, fake_slack, f"<@{user}|them>")
    assert expected in text, text
    assert asks_of(db) == []
    assert dms_to(fake_slack, user) == []
    with db.session() as session:
        assert session.scalars(select(Stakeholder)).all() == []


def test_one_open_ask_per_pair(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    ask_ok(slack, fake_slack, db)
    assert "You've already asked <@U3>" in refused_at_ack(slack, fake_slack, db)
    assert len(dms_to(fake_slack, "U3")) == 1
    # Another member may ask the same person.
    ask_ok(slack, fake_slack, db, user="U2")
    assert len(asks_of(db)) == 2


# --- only Carol can answer -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "team"),
    [("U1", "T1"), ("U4", "T1"), ("U3", "T9")],
    ids=["the-member", "a-bystander", "carol-in-another-team"],
)
@pytest.mark.parametrize("action", [ids.STAKEHOLDER_ASK_ANSWER, ids.STAKEHOLDER_ASK_NOT_NOW])
def test_a_forged_press_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, action: str, user: str, team: str
) -> None:
    row = ask_ok(slack, fake_slack, db)
    answer = click(slack, fake_slack, action, row.id, user=user, team=team)
    assert "wasn't sent to you" in answer["text"]
    assert answer["replace_original"] is False
    assert fake_slack.calls_to("views.open") == []
    assert ask_row(db, row.id).state == "open"


@pytest.mark.parametrize(
    ("user", "team"),
    [("U4", "T1"), ("U1", "T1"), ("U3", "T9")],
    ids=["bystander", "member", "team"],
)
def test_a_forged_submission_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, user: str, team: str
) -> None:
    row = ask_ok(slack, fake_slack, db)
    modal = open_answer(slack, fake_slack, row.id)
    errors = submit(slack, modal, "Hire my friend", user=user, team=team).json()["errors"]
    assert "wasn't sent to you" in errors[FIRST]
    assert items(db) == [] and ask_row(db, row.id).state == "open"


def test_a_submission_naming_another_ask_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    mine = ask_ok(slack, fake_slack, db)
    theirs = ask_ok(slack, fake_slack, db, "<@U4|ravi>", user="U2")
    modal = open_answer(slack, fake_slack, mine.id)
    forged = json.dumps({"ask_id": theirs.id})
    errors = submit(slack, modal, "x", private_metadata=forged).json()["errors"]
    assert "wasn't sent to you" in errors[FIRST]
    assert ask_row(db, theirs.id).state == "open"
    assert items_of(db, "U2") == []


# --- the Home button -------------------------------------------------------------------------


def home_ask(
    slack: SlackDriver, fake: FakeSlack, value: str, *, user: str = "U1", team: str = "T1"
) -> str:
    before = count(fake, "views.open")
    reply = slack.click(ids.STAKEHOLDER_ASK, value=value, user=user, team=team, container="view")
    assert reply.status == 200, reply.body
    return text_of(modal_after(fake, before=before))


def add(slack: SlackDriver, fake: FakeSlack, who: str, *, user: str = "U1") -> None:
    before = count(fake, "views.publish")
    assert "to your stakeholders" in slack.command(f"stakeholder add {who}", user=user).text
    home_after(fake, before=before, user=user)


def stakeholder_id(db: Database, user: str) -> int:
    with db.session() as session:
        row = session.scalar(select(Stakeholder).where(Stakeholder.member.has(user_id=user)))
        assert row is not None
        return row.id


def test_the_home_button_asks(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    add(slack, fake_slack, CAROL)
    shown = home_ask(slack, fake_slack, str(stakeholder_id(db, "U1")))
    assert ASKED in shown, shown
    [row] = asks_of(db)
    assert row.stakeholder_user_id == "U3"
    assert len(dms_to(fake_slack, "U3")) == 1
    assert "You've already asked" in home_ask(slack, fake_slack, str(stakeholder_id(db, "U1")))


@pytest.mark.parametrize(
    ("whose", "user", "team"),
    [("U2", "U1", "T1"), ("U1", "U1", "T9"), ("U1", "U4", "T1"), (None, "U1", "T1")],
    ids=["another-members-row", "another-team", "not-a-member", "garbage"],
)
def test_a_forged_home_button_changes_nothing(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    whose: str | None,
    user: str,
    team: str,
) -> None:
    add(slack, fake_slack, CAROL)
    add(slack, fake_slack, CAROL, user="U2")
    value = str(stakeholder_id(db, whose)) if whose else "garbage"
    profiles = count(fake_slack, "users.info")
    assert "isn't on your list" in home_ask(slack, fake_slack, value, user=user, team=team)
    assert asks_of(db) == []
    assert count(fake_slack, "users.info") == profiles
    assert dms_to(fake_slack, "U3") == []
