"""Testimonial requests end to end: `/mgr-goal blurb @colleague …` and a win's "Ask for a blurb",
the colleague's DM and its three buttons, the blurb reaching the requester, expiry, and every
guard rail that keeps requests from becoming spam.

U1 (Europe/Berlin) asks; U2 (America/New_York) is the colleague unless a test says otherwise.
The frozen clock starts on Monday 23 November 2026, 15:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.models import BlurbOptOut, BlurbRequest, Member, Win
from bot.slack import ids
from tests.support.checkin_helpers import RunTick
from tests.support.clock import FrozenClock
from tests.support.home_helpers import ack_view, count, home_after, modal_after
from tests.support.readers import (
    as_view,
    blocks_of,
    buttons,
    data_text,
    input_block,
    markup_text,
    mrkdwn_texts,
    text_of,
)
from tests.support.slack_requests import TEAM, Reply, SlackDriver

SAM = "<@U2|sam>"
ABOUT = "getting through their first on-call week"
BLURB = "Alex sat with me through three pages at 2am and wrote the runbook we still use."
FOURTEEN_DAYS = dt.timedelta(days=14)


# --- helpers ---------------------------------------------------------------------------------


def requests_of(db: Database) -> list[BlurbRequest]:
    with db.session() as session:
        return list(session.scalars(select(BlurbRequest).order_by(BlurbRequest.id)))


def request_row(db: Database, request_id: int) -> BlurbRequest:
    with db.session() as session:
        row = session.get(BlurbRequest, request_id)
        assert row is not None
        return row


def member_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def dms_to(fake: FakeSlack, user: str) -> list[Call]:
    """Top-level messages the bot posted with the person's user id as the channel (a DM)."""
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args.get("channel") == user and "thread_ts" not in c.args
    ]


def blurb_dms_to(fake: FakeSlack, user: str) -> list[Call]:
    """Only the DMs about blurbs (a tick may also send the requester a weekly check-in)."""
    return [c for c in dms_to(fake, user) if "blurb" in str(c.args.get("text", "")).lower()]


def ask(slack: SlackDriver, fake: FakeSlack, text: str, *, user: str = "U1") -> dict[str, Any]:
    """`/mgr-goal blurb <text>` that passes the checks made before the ack.

    The ack is empty; the answer comes by response_url once Slack has been asked about the
    colleague. Returns that answer after the Home tab it republishes (the last step).
    """
    before_reply, before_home = count(fake, "response_url"), count(fake, "views.publish")
    reply = slack.command(f"blurb {text}", user=user)
    assert reply.status == 200, reply.body
    assert reply.body == "", f"expected an empty ack, got {reply.text!r}"
    answer = fake.wait_for("response_url", before_reply + 1)[before_reply].args
    home_after(fake, before=before_home, user=user)
    return answer


def ask_ok(
    slack: SlackDriver, fake: FakeSlack, db: Database, text: str = f"{SAM} {ABOUT}", **kw: Any
) -> BlurbRequest:
    """A request that goes through; returns the stored request."""
    before = len(requests_of(db))
    answer = ask(slack, fake, text, **kw)
    assert "I've asked" in answer["text"], answer["text"]
    rows = requests_of(db)
    assert len(rows) == before + 1
    return rows[-1]


def click(
    slack: SlackDriver, fake: FakeSlack, action_id: str, request_id: int, *, user: str = "U2"
) -> dict[str, Any]:
    """Press a button in the request DM; returns what the bot sent back by response_url."""
    before = count(fake, "response_url")
    reply = slack.click(action_id, value=str(request_id), user=user, container="message")
    assert reply.status == 200, reply.body
    return fake.wait_for("response_url", before + 1)[before].args


def open_write_modal(
    slack: SlackDriver, fake: FakeSlack, request_id: int, *, user: str = "U2"
) -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = slack.click(ids.BLURB_WRITE, value=str(request_id), user=user, container="message")
    assert reply.status == 200, reply.body
    return modal_after(fake, before=before)


def write(
    slack: SlackDriver,
    fake: FakeSlack,
    request_id: int,
    text: str = BLURB,
    *,
    share: bool = True,
    user: str = "U2",
) -> Reply:
    """Open the write modal and send the blurb; returns once the requester's Home is
    republished (the bot's last step, after the DM update and the requester's DM)."""
    modal = open_write_modal(slack, fake, request_id, user=user)
    before_home = count(fake, "views.publish")
    values = {ids.BLURB_TEXT_BLOCK: text, ids.BLURB_SHARE_BLOCK: ["share"] if share else []}
    reply = slack.submit(modal, values, user=user)
    assert reply.status == 200, reply.body
    assert reply.body == "", reply.body
    home_after(fake, before=before_home, user="U1")
    return reply


def refused_at_ack(
    slack: SlackDriver, fake: FakeSlack, db: Database, text: str, *, user: str = "U1"
) -> str:
    """A `/mgr-goal blurb …` refused in the ack body: returns what the person reads, after
    checking that nothing was stored, sent, or even asked of Slack."""
    before_rows, before_members = len(requests_of(db)), member_count(db)
    before_calls = len(fake.calls)
    reply = slack.command(f"blurb {text}", user=user)
    assert reply.status == 200, reply.body
    body = reply.json()
    assert body.get("response_type") == "ephemeral", body
    assert len(requests_of(db)) == before_rows
    assert member_count(db) == before_members
    # Refused from the database alone: no users.info, no DM, no response_url.
    assert [c.method for c in fake.calls[before_calls:]] == []
    return reply.text


def refused_after_ack(slack: SlackDriver, fake: FakeSlack, db: Database, text: str) -> str:
    """A request refused once Slack described the colleague: the answer comes by response_url
    and nothing is stored or sent to anyone."""
    before_rows, before_members = len(requests_of(db)), member_count(db)
    before_posts = count(fake, "chat.postMessage")
    answer = ask(slack, fake, text)
    assert answer.get("response_type") == "ephemeral", answer
    assert "I've asked" not in answer["text"]
    assert len(requests_of(db)) == before_rows
    assert member_count(db) == before_members
    assert count(fake, "chat.postMessage") == before_posts
    return answer["text"]


def last_home(fake: FakeSlack, user: str = "U1") -> dict[str, Any]:
    published = [c for c in fake.calls_to("views.publish") if c.args.get("user_id") == user]
    assert published, f"no Home published for {user}"
    return as_view(published[-1].args["view"])


def home_mrkdwn(view: dict[str, Any]) -> str:
    return markup_text(view["blocks"])


# --- the request -----------------------------------------------------------------------------


def test_request_dms_the_colleague_who_asks_and_why_with_three_buttons(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    answer = ask(slack, fake_slack, f"{SAM} {ABOUT}")

    [request] = requests_of(db)
    assert request.colleague_user_id == "U2"
    assert request.about == ABOUT
    assert request.state == "open"
    assert request.expires_at == clock.now + FOURTEEN_DAYS
    assert request.win_id is None

    # Slack was asked who U2 is before anything was sent to them.
    assert [c.args.get("user") for c in fake_slack.calls_to("users.info")].count("U2") == 1
    [dm] = dms_to(fake_slack, "U2")
    assert request.channel == "U2" and request.ts  # kept to update the DM once answered
    shown = "\n".join(mrkdwn_texts(dm))
    assert "<@U1>" in shown, shown  # who asks, as a real mention
    assert ABOUT in shown  # and why
    assert "expires in 14 days" in text_of(dm)
    assert buttons(dm) == {
        ids.BLURB_WRITE: str(request.id),
        ids.BLURB_NOT_NOW: str(request.id),
        ids.BLURB_NEVER: str(request.id),
    }
    # "Don't ask me again" is permanent, so it asks for confirmation first.
    [actions] = [b for b in blocks_of(dm) if b["type"] == "actions"]
    never = next(e for e in actions["elements"] if e["action_id"] == ids.BLURB_NEVER)
    assert "confirm" in never

    # The requester hears who was asked and about what, only they see it.
    assert answer["response_type"] == "ephemeral"
    assert "<@U2>" in answer["text"] and ABOUT in answer["text"]
    assert "expires in 14 days" in answer["text"]
    # Their Home counts the request as waiting.
    assert "1 request waiting for an answer" in text_of(last_home(fake_slack))
    # Nothing went to the requester's DMs: they only asked.
    assert dms_to(fake_slack, "U1") == []


def test_request_by_a_new_person_enrols_them_in_their_slack_time_zone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """A blurb request can be someone's first command; like `add` and `win`, enrolling them must
    pick up their Slack time zone, or their check-ins would come at 09:00 UTC."""
    ask_ok(slack, fake_slack, db)
    with db.session() as session:
        member = session.scalar(select(Member).where(Member.user_id == "U1"))
        assert member is not None
        assert member.timezone == "Europe/Berlin"


def test_what_you_helped_with_may_be_exactly_300_characters_as_typed(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    # 300 ampersands arrive as 300 "&amp;" entities: the limit counts what the person typed.
    request = ask_ok(slack, fake_slack, db, f"{SAM} " + "&amp;" * 300)
    assert request.about == "&" * 300
    [dm] = dms_to(fake_slack, "U2")
    assert "&amp;" * 300 in "\n".join(mrkdwn_texts(dm))


def test_a_request_whose_dm_fails_leaves_nothing_open_and_can_be_retried(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.script("chat.postMessage", ScriptedReply(200, {"ok": False, "error": "fatal"}))
    answer = ask(slack, fake_slack, f"{SAM} {ABOUT}")
    assert "couldn't DM them" in answer["text"]
    [request] = requests_of(db)
    assert request.state == "unsent"
    assert "waiting for an answer" not in text_of(last_home(fake_slack))

    # It never reached them, so it doesn't count as the open request with U2.
    again = ask_ok(slack, fake_slack, db)
    assert again.state == "open"
    assert len(dms_to(fake_slack, "U2")) == 2  # the failed attempt and the delivered one


# --- the colleague answers -------------------------------------------------------------------


@pytest.mark.parametrize("share", [True, False], ids=["may-share", "private"])
def test_writing_a_blurb_reaches_the_requester_and_closes_the_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, share: bool
) -> None:
    request = ask_ok(slack, fake_slack, db)
    [request_dm] = dms_to(fake_slack, "U2")

    modal = open_write_modal(slack, fake_slack, request.id)
    assert modal["callback_id"] == ids.BLURB_WRITE_MODAL
    assert json.loads(modal["private_metadata"]) == {"request_id": request.id}
    assert "<@U1>" in text_of(modal) and ABOUT in text_of(modal)
    text_input = input_block(modal, ids.BLURB_TEXT_BLOCK)["element"]
    assert text_input["max_length"] == 1000
    share_box = input_block(modal, ids.BLURB_SHARE_BLOCK)["element"]
    assert [o["value"] for o in share_box["initial_options"]] == ["share"]  # checked by default

    clock.advance(hours=3)
    write(slack, fake_slack, request.id, share=share)

    row = request_row(db, request.id)
    assert (row.state, row.blurb, row.may_share) == ("written", BLURB, share)
    assert row.answered_at == clock.now

    # The colleague's DM is replaced: a thank-you and no buttons to press twice.
    [update] = fake_slack.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (row.channel, row.ts)
    assert row.ts  # the DM's ts was stored when it was sent
    assert "Thank you" in text_of(update)
    assert buttons(update) == {}
    assert buttons(request_dm)  # (the original had them)

    # The requester is told in their DMs, with the blurb quoted and who wrote it.
    [arrived] = blurb_dms_to(fake_slack, "U1")
    shown = "\n".join(mrkdwn_texts(arrived))
    assert "<@U2>" in shown and BLURB in shown and ABOUT in shown
    assert ("You may share it with your team" in shown) is share
    assert ("It's for you only" in shown) is not share

    # And their Home shows it under Testimonials, nothing waiting any more.
    home = last_home(fake_slack)
    shown_home = text_of(home)
    assert "Testimonials" in shown_home
    assert BLURB in shown_home and "<@U2>" in home_mrkdwn(home)
    assert "waiting for an answer" not in shown_home
    assert ("(for you only)" in shown_home) is not share


def test_writing_twice_is_refused_and_keeps_the_first_blurb(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    request = ask_ok(slack, fake_slack, db)
    modal = open_write_modal(slack, fake_slack, request.id)
    write(slack, fake_slack, request.id)

    # The modal left open in another window is submitted again, and the old button clicked.
    reply = slack.submit(
        modal, {ids.BLURB_TEXT_BLOCK: "Second go", ids.BLURB_SHARE_BLOCK: []}, user="U2"
    )
    assert reply.json()["response_action"] == "errors"
    assert "already written" in reply.json()["errors"][ids.BLURB_TEXT_BLOCK]
    answer = click(slack, fake_slack, ids.BLURB_WRITE, request.id)
    assert "already written" in answer["text"]
    assert answer.get("replace_original") is False
    row = request_row(db, request.id)
    assert (row.blurb, row.may_share) == (BLURB, True)
    assert len(blurb_dms_to(fake_slack, "U1")) == 1


@pytest.mark.parametrize("text", ["", "   \n  "], ids=["empty", "blank"])
def test_an_empty_blurb_is_refused_inline(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str
) -> None:
    request = ask_ok(slack, fake_slack, db)
    modal = open_write_modal(slack, fake_slack, request.id)
    reply = slack.submit(
        modal, {ids.BLURB_TEXT_BLOCK: text, ids.BLURB_SHARE_BLOCK: ["share"]}, user="U2"
    )
    body = reply.json()
    assert body["response_action"] == "errors"
    assert "Write a sentence or two" in body["errors"][ids.BLURB_TEXT_BLOCK]
    assert request_row(db, request.id).state == "open"
    assert fake_slack.calls_to("chat.update") == []


def test_not_now_closes_the_request_without_telling_the_requester_why(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    request = ask_ok(slack, fake_slack, db)
    answer = click(slack, fake_slack, ids.BLURB_NOT_NOW, request.id)

    assert answer["replace_original"] is True
    replaced = Call("response_url", answer, "")
    assert "closed this request" in text_of(replaced)
    assert "<@U1>" in "\n".join(mrkdwn_texts(replaced))
    assert buttons(replaced) == {}
    row = request_row(db, request.id)
    assert row.state == "declined" and row.blurb is None
    assert dms_to(fake_slack, "U1") == []

    # The old buttons now say it's closed, and open nothing.
    again = click(slack, fake_slack, ids.BLURB_WRITE, request.id)
    assert "not now" in again["text"].lower() and again["replace_original"] is False
    assert fake_slack.calls_to("views.open") == []


def test_dont_ask_me_again_stops_requests_from_everyone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.add_user("U3", tz="UTC")
    from_u1 = ask_ok(slack, fake_slack, db)
    from_u3 = ask_ok(slack, fake_slack, db, f"{SAM} reviewing their first design doc", user="U3")

    answer = click(slack, fake_slack, ids.BLURB_NEVER, from_u1.id)
    assert answer["replace_original"] is True
    assert "nobody can send you blurb requests" in answer["text"]
    with db.session() as session:
        [opt_out] = session.scalars(select(BlurbOptOut)).all()
        assert (opt_out.team_id, opt_out.user_id) == (TEAM, "U2")
    # Both open requests to U2 are closed, whoever sent them.
    assert {request_row(db, r.id).state for r in (from_u1, from_u3)} == {"opted_out"}

    for user in ("U1", "U3"):
        shown = refused_at_ack(slack, fake_slack, db, f"{SAM} something else", user=user)
        assert "asked not to get blurb requests" in shown
    # Pressing it twice is fine.
    again = click(slack, fake_slack, ids.BLURB_NEVER, from_u3.id)
    assert "nobody can send you blurb requests" in again["text"]
    assert "/mgr-goal blurbs on" in again["text"]


def setting(slack: SlackDriver, fake: FakeSlack, text: str, *, user: str) -> str:
    """`/mgr-goal blurbs on|off`: answered in the ack, nothing sent anywhere else."""
    before = len(fake.calls)
    reply = slack.command(text, user=user)
    assert reply.status == 200, reply.body
    assert reply.json().get("response_type") == "ephemeral", reply.body
    assert [c.method for c in fake.calls[before:]] == []
    return reply.text


def test_blurbs_on_lets_people_ask_again_after_dont_ask_me_again(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    request = ask_ok(slack, fake_slack, db)
    click(slack, fake_slack, ids.BLURB_NEVER, request.id)
    assert "asked not to get blurb requests" in refused_at_ack(
        slack, fake_slack, db, f"{SAM} something else"
    )

    assert "can ask you for blurbs again" in setting(slack, fake_slack, "blurbs on", user="U2")
    assert "already ask you" in setting(slack, fake_slack, "blurbs on", user="U2")
    with db.session() as session:
        assert session.scalars(select(BlurbOptOut)).all() == []
    # U2 never enrolled by switching requests on: it concerns only who may ask them.
    with db.session() as session:
        assert session.scalar(select(Member).where(Member.user_id == "U2")) is None

    ask_ok(slack, fake_slack, db, f"{SAM} something else")


def test_blurbs_off_without_a_request_closes_open_ones_and_refuses_new(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.add_user("U3", tz="UTC")
    ask_ok(slack, fake_slack, db)
    ask_ok(slack, fake_slack, db, f"{SAM} reviewing their first design doc", user="U3")

    shown = setting(slack, fake_slack, "blurbs off", user="U2")
    assert "nobody can send you blurb requests" in shown
    assert "closed the 2 open ones" in shown and "/mgr-goal blurbs on" in shown
    assert {r.state for r in requests_of(db)} == {"opted_out"}
    assert "already off" in setting(slack, fake_slack, "blurbs off", user="U2")
    assert "asked not to get blurb requests" in refused_at_ack(
        slack, fake_slack, db, f"{SAM} something else", user="U3"
    )


def test_a_request_expires_after_14_days_and_can_be_asked_again(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick: RunTick
) -> None:
    request = ask_ok(slack, fake_slack, db)
    expires = clock.now + FOURTEEN_DAYS

    clock.now = expires - dt.timedelta(minutes=1)
    assert "blurb_requests_expired" not in run_tick(clock.now)
    assert request_row(db, request.id).state == "open"

    clock.now = expires
    updates = len(fake_slack.calls_to("chat.update"))
    assert run_tick(clock.now)["blurb_requests_expired"] == 1
    assert request_row(db, request.id).state == "expired"
    # The colleague's DM loses its buttons and says so.
    [closed] = fake_slack.calls_to("chat.update")[updates:]
    assert closed.args["ts"] == request_row(db, request.id).ts
    assert "expired" in data_text(closed.args) and "blurb_write" not in str(closed.args)
    assert run_tick(clock.now).get("blurb_requests_expired") is None

    # The colleague's buttons now say it expired and open nothing.
    for action in (ids.BLURB_WRITE, ids.BLURB_NOT_NOW):
        answer = click(slack, fake_slack, action, request.id)
        assert "expired" in answer["text"], answer["text"]
        assert answer["replace_original"] is False
    assert fake_slack.calls_to("views.open") == []
    assert request_row(db, request.id).state == "expired"

    # The requester can ask the same person again: a new request, a new DM.
    again = ask_ok(slack, fake_slack, db, f"{SAM} {ABOUT}")
    assert again.id != request.id and again.state == "open"
    assert again.expires_at == clock.now + FOURTEEN_DAYS
    assert len(blurb_dms_to(fake_slack, "U2")) == 2


def test_a_request_past_14_days_is_closed_even_before_the_tick_runs(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    request = ask_ok(slack, fake_slack, db)
    clock.advance(days=14)
    answer = click(slack, fake_slack, ids.BLURB_WRITE, request.id)
    assert "expired" in answer["text"]
    assert fake_slack.calls_to("views.open") == []
    # A modal opened before the deadline and sent after it is refused too.
    clock.advance(days=-1)
    modal = open_write_modal(slack, fake_slack, request.id)
    clock.advance(days=1)
    reply = slack.submit(modal, {ids.BLURB_TEXT_BLOCK: BLURB, ids.BLURB_SHARE_BLOCK: []}, user="U2")
    assert "expired" in reply.json()["errors"][ids.BLURB_TEXT_BLOCK]
    assert request_row(db, request.id).blurb is None


# --- guard rails -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"<@U1|me> {ABOUT}", "can't ask yourself", id="self"),
        pytest.param(SAM, "What did you help them with?", id="no-text"),
        pytest.param(f"{SAM}    ", "What did you help them with?", id="blank-text"),
        pytest.param(f"{SAM} " + "x" * 301, "under 300 characters", id="301-chars"),
        pytest.param(f"{SAM} " + "&lt;" * 301, "under 300 characters", id="301-typed-chars"),
        pytest.param(f"@sam {ABOUT}", "couldn't find `@sam` in Slack", id="plain-at-name"),
        pytest.param(f"sam {ABOUT}", "couldn't find `sam` in Slack", id="bare-name"),
        pytest.param(f"<#C1|general> {ABOUT}", "couldn't find `#general`", id="channel"),
        pytest.param(f"<!subteam^S1|@leads> {ABOUT}", "couldn't find `@leads`", id="group"),
        pytest.param(f"<!channel> {ABOUT}", "couldn't find `@channel`", id="at-channel"),
        pytest.param("", "Who should I ask?", id="nobody"),
    ],
)
def test_guard_rail_refuses_in_the_ack_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str, expected: str
) -> None:
    shown = refused_at_ack(slack, fake_slack, db, text)
    assert expected in shown, shown
    assert requests_of(db) == []


@pytest.mark.parametrize(
    ("user", "profile", "expected"),
    [
        pytest.param("UROBOT", {"is_bot": True}, "That's a bot", id="bot"),
        pytest.param("USLACKBOT", {}, "That's a bot", id="slackbot"),
        pytest.param("U9", {"deleted": True}, "can't find that person", id="deactivated"),
        pytest.param("U404", None, "can't find that person", id="unknown"),
    ],
)
def test_colleague_slack_refuses_is_answered_by_response_url_and_stores_nothing(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    user: str,
    profile: dict[str, Any] | None,
    expected: str,
) -> None:
    if profile is not None:
        fake_slack.add_user(user, **profile)
    shown = refused_after_ack(slack, fake_slack, db, f"<@{user}|them> {ABOUT}")
    assert expected in shown, shown
    assert requests_of(db) == []
    assert dms_to(fake_slack, user) == []


def test_a_slack_outage_checking_the_colleague_says_try_again_not_unknown_person(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    outage = ScriptedReply(503, {"ok": False, "error": "service_unavailable"})
    fake_slack.script("users.info", outage, outage, outage)  # the first try and both retries
    shown = refused_after_ack(slack, fake_slack, db, f"{SAM} {ABOUT}")
    assert "Try again in a minute" in shown and "can't find" not in shown, shown
    assert requests_of(db) == []
    ask_ok(slack, fake_slack, db)  # once Slack answers again, it works


def test_a_second_open_request_to_the_same_person_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    ask_ok(slack, fake_slack, db)
    shown = refused_at_ack(slack, fake_slack, db, f"{SAM} something else entirely")
    assert "already have an open request with them" in shown
    assert len(requests_of(db)) == 1
    assert len(dms_to(fake_slack, "U2")) == 1


def test_a_sixth_open_request_is_refused_until_one_is_answered(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    colleagues = [f"U{n}" for n in range(3, 9)]
    for user in colleagues:
        fake_slack.add_user(user)
    first = None
    for user in colleagues[:5]:
        row = ask_ok(slack, fake_slack, db, f"<@{user}|{user.lower()}> {ABOUT}")
        first = first or row
    assert first is not None

    sixth = f"<@{colleagues[5]}|u8> {ABOUT}"
    shown = refused_at_ack(slack, fake_slack, db, sixth)
    assert "5 open requests already" in shown
    assert len(requests_of(db)) == 5
    assert dms_to(fake_slack, colleagues[5]) == []
    assert "5 requests waiting for an answer" in text_of(last_home(fake_slack))

    # Once one is answered there is room again.
    click(slack, fake_slack, ids.BLURB_NOT_NOW, first.id, user=colleagues[0])
    ask_ok(slack, fake_slack, db, sixth)
    assert len(dms_to(fake_slack, colleagues[5])) == 1


def test_five_open_requests_of_someone_else_dont_count_against_you(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    for n in range(3, 8):
        fake_slack.add_user(f"U{n}")
        ask_ok(slack, fake_slack, db, f"<@U{n}|x> {ABOUT}", user="U2")
    ask_ok(slack, fake_slack, db, f"<@U3|x> {ABOUT}", user="U1")


# --- only the colleague can answer -----------------------------------------------------------


@pytest.mark.parametrize("clicker", ["U1", "U3"], ids=["the-requester", "a-bystander"])
@pytest.mark.parametrize("action", [ids.BLURB_WRITE, ids.BLURB_NOT_NOW])
def test_a_click_by_anyone_but_the_colleague_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clicker: str, action: str
) -> None:
    request = ask_ok(slack, fake_slack, db)
    answer = click(slack, fake_slack, action, request.id, user=clicker)
    assert "wasn't sent to you" in answer["text"]
    assert answer["replace_original"] is False
    assert fake_slack.calls_to("views.open") == []
    row = request_row(db, request.id)
    assert (row.state, row.blurb) == ("open", None)


@pytest.mark.parametrize("clicker", ["U1", "U3"], ids=["the-requester", "a-bystander"])
def test_a_write_modal_sent_by_anyone_but_the_colleague_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clicker: str
) -> None:
    request = ask_ok(slack, fake_slack, db)
    modal = open_write_modal(slack, fake_slack, request.id)  # U2's modal, replayed by another
    before_posts = count(fake_slack, "chat.postMessage")
    reply = slack.submit(
        modal, {ids.BLURB_TEXT_BLOCK: "I'm great", ids.BLURB_SHARE_BLOCK: ["share"]}, user=clicker
    )
    assert "wasn't sent to you" in reply.json()["errors"][ids.BLURB_TEXT_BLOCK]
    row = request_row(db, request.id)
    assert (row.state, row.blurb) == ("open", None)
    assert count(fake_slack, "chat.postMessage") == before_posts
    assert fake_slack.calls_to("chat.update") == []


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999", "0"])
def test_a_forged_request_id_is_refused_without_a_crash(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, value: str
) -> None:
    ask_ok(slack, fake_slack, db)
    before = count(fake_slack, "response_url")
    slack.click(ids.BLURB_WRITE, value=value, user="U2", container="message")
    answer = fake_slack.wait_for("response_url", before + 1)[before].args
    assert "wasn't sent to you" in answer["text"]


# --- from a win on the Home tab --------------------------------------------------------------


def log_win(slack: SlackDriver, fake: FakeSlack, db: Database, text: str, user: str = "U1") -> int:
    before = count(fake, "views.publish")
    reply = slack.command(f"win {text}", user=user)
    assert "Win logged" in reply.text, reply.text
    home_after(fake, before=before, user=user)
    with db.session() as session:
        return int(session.scalar(select(func.max(Win.id))) or 0)


def open_ask_modal(slack: SlackDriver, fake: FakeSlack, win_id: int) -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = slack.click(ids.HOME_WIN_MENU, selected=f"{ids.MENU_BLURB}:{win_id}")
    assert reply.status == 200, reply.body
    return modal_after(fake, before=before)


def submit_ask(
    slack: SlackDriver,
    fake: FakeSlack,
    modal: dict[str, Any],
    colleague: str,
    about: str,
    *,
    private_metadata: str | None = None,
) -> str:
    """Submit the ask modal: it turns into "Asking…" at once, then into the outcome."""
    before_update, before_home = count(fake, "views.update"), count(fake, "views.publish")
    reply = slack.submit(
        modal,
        {ids.BLURB_COLLEAGUE_BLOCK: colleague, ids.BLURB_ABOUT_BLOCK: about},
        private_metadata=private_metadata,
    )
    assert reply.status == 200, reply.body
    assert "Asking" in text_of(ack_view(reply))
    update = fake.wait_for("views.update", before_update + 1)[before_update]
    assert update.args["view_id"] == slack.last_view_id
    home_after(fake, before=before_home, user="U1")
    return text_of(as_view(update.args["view"]))


def test_ask_for_a_blurb_from_a_wins_menu(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    win_id = log_win(slack, fake_slack, db, "Ran my first design review")
    home = last_home(fake_slack)
    assert f"{ids.MENU_BLURB}:{win_id}" in json.dumps(home)

    modal = open_ask_modal(slack, fake_slack, win_id)
    assert modal["callback_id"] == ids.BLURB_ASK_MODAL
    assert json.loads(modal["private_metadata"]) == {"win_id": win_id}
    about_input = input_block(modal, ids.BLURB_ABOUT_BLOCK)["element"]
    assert about_input["initial_value"] == "Ran my first design review"
    assert about_input["max_length"] == 300
    assert input_block(modal, ids.BLURB_COLLEAGUE_BLOCK)["element"]["type"] == "users_select"

    outcome = submit_ask(slack, fake_slack, modal, "U2", "Helping run their first design review")
    assert "I've asked <@U2>" in outcome and "Helping run their first design review" in outcome

    [request] = requests_of(db)
    assert (request.colleague_user_id, request.win_id) == ("U2", win_id)
    assert request.about == "Helping run their first design review"
    [dm] = dms_to(fake_slack, "U2")
    assert "<@U1>" in "\n".join(mrkdwn_texts(dm))
    assert buttons(dm)[ids.BLURB_WRITE] == str(request.id)
    assert "1 request waiting for an answer" in text_of(last_home(fake_slack))


@pytest.mark.parametrize(
    ("colleague", "about", "block", "expected"),
    [
        pytest.param("U1", ABOUT, ids.BLURB_COLLEAGUE_BLOCK, "can't ask yourself", id="self"),
        pytest.param("", ABOUT, ids.BLURB_COLLEAGUE_BLOCK, "Pick a person", id="nobody"),
        pytest.param("U2", "   ", ids.BLURB_ABOUT_BLOCK, "Say what you helped", id="blank"),
        pytest.param("U2", "x" * 301, ids.BLURB_ABOUT_BLOCK, "under 300", id="too-long"),
    ],
)
def test_ask_modal_guard_rails_show_on_the_right_field(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    colleague: str,
    about: str,
    block: str,
    expected: str,
) -> None:
    win_id = log_win(slack, fake_slack, db, "Ran my first design review")
    modal = open_ask_modal(slack, fake_slack, win_id)
    reply = slack.submit(
        modal, {ids.BLURB_COLLEAGUE_BLOCK: colleague or None, ids.BLURB_ABOUT_BLOCK: about}
    )
    body = reply.json()
    assert body["response_action"] == "errors", body
    assert list(body["errors"]) == [block]
    assert expected in body["errors"][block]
    assert requests_of(db) == []
    assert fake_slack.calls_to("views.update") == []


def test_ask_modal_an_opted_out_colleague_is_refused_on_the_person_field(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    request = ask_ok(slack, fake_slack, db)
    click(slack, fake_slack, ids.BLURB_NEVER, request.id)
    win_id = log_win(slack, fake_slack, db, "Ran my first design review")
    modal = open_ask_modal(slack, fake_slack, win_id)
    reply = slack.submit(modal, {ids.BLURB_COLLEAGUE_BLOCK: "U2", ids.BLURB_ABOUT_BLOCK: ABOUT})
    errors = reply.json()["errors"]
    assert "asked not to get blurb requests" in errors[ids.BLURB_COLLEAGUE_BLOCK]
    assert len(requests_of(db)) == 1


def test_ask_modal_a_bot_is_refused_in_the_updated_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.add_user("UHELPER", is_bot=True)
    win_id = log_win(slack, fake_slack, db, "Ran my first design review")
    modal = open_ask_modal(slack, fake_slack, win_id)
    outcome = submit_ask(slack, fake_slack, modal, "UHELPER", ABOUT)
    assert "That's a bot" in outcome
    assert requests_of(db) == []
    assert dms_to(fake_slack, "UHELPER") == []


@pytest.mark.parametrize("forged", ["someone-elses", "missing", "not-a-number"])
def test_ask_modal_with_a_forged_win_id_still_answers_and_links_no_foreign_win(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, forged: str
) -> None:
    other_win = log_win(slack, fake_slack, db, "U2's own win", user="U2")
    win_id = log_win(slack, fake_slack, db, "Ran my first design review")
    modal = open_ask_modal(slack, fake_slack, win_id)
    fake_slack.add_user("U3")
    value = {"someone-elses": other_win, "missing": 987654, "not-a-number": "7"}[forged]
    outcome = submit_ask(
        slack, fake_slack, modal, "U3", ABOUT, private_metadata=json.dumps({"win_id": value})
    )
    assert "I've asked <@U3>" in outcome
    [request] = requests_of(db)
    assert request.win_id is None
