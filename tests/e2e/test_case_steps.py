"""Issue 13's last steps end to end, through the fake Slack: the ready prompt at 80% and its
prep modal, `/mgr-goal ready`, the monthly confidence question and the look back after a
"low", the reflection modal kept privately on the Home, and the kind offer to pause after
three unsure reflections. Forged presses and submissions change nothing.

U1 is in Europe/Berlin; SLOT1 is Monday 30 November 2026, 09:00 there (their first check-in,
November's first), SLOT2 the first of December, SLOT3 the second.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.domain.moves import Effort, MoveKind
from bot.models import CampaignItem, CheckIn, ConfidenceAnswer, EvidenceNote, Reflection, Win
from bot.services import campaign
from bot.services.campaign import ItemFields
from bot.services.members import find_member
from bot.slack import ids
from tests.e2e.test_checkins import SLOT1, SLOT2, SLOT3, click, click_and_wait, enrol
from tests.support import factories
from tests.support.checkin_helpers import MOVES, checkins_of, dms, eventually
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after
from tests.support.readers import (
    as_view,
    blocks_of,
    buttons,
    data_text,
    header,
    markup_text,
    text_of,
)
from tests.support.slack_requests import TEAM, SlackDriver

NASTY = "Ship <b>v2</b> & tell <!here>"
NASTY_ESCAPED = "Ship &lt;b&gt;v2&lt;/b&gt; &amp; tell &lt;!here&gt;"
WEEK = dt.timedelta(weeks=1)


def seed_case(db: Database, now: dt.datetime, *, user: str = "U1", done: int = 4) -> None:
    """Four more items for `user` (five with enrol's), `done` of them done with evidence."""
    with db.session() as session:
        for n in range(4):
            text = NASTY if n == 0 else f"{user} item {n}"
            item = campaign.add_item(
                session, team_id=TEAM, user_id=user, fields=ItemFields(text), now=now
            )
            if n < done:
                campaign.complete_item(session, item=item, evidence=f"{user} proof {n}", now=now)
        if done:
            first = session.scalars(select(CampaignItem).where(CampaignItem.text == NASTY)).first()
            assert first is not None
            first.notes.append(EvidenceNote(text="Second <note> & more", created_at=now))


def test_the_ready_prompt_appears_at_80_percent_and_its_modal_prepares_the_ask(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    enrol(slack, fake_slack, user="U2")
    seed_case(db, clock.now)  # 4 of 5 done: 80%
    seed_case(db, clock.now, user="U2", done=0)
    run_tick(SLOT1)
    [dm] = dms(fake_slack, "U1")
    assert header(dm) == "Ask for the role"
    assert MOVES[checkins_of(db)[-1].move_id].kind is MoveKind.READY
    run_tick(SLOT1 + dt.timedelta(hours=6))  # U2 is in New York: 09:00 there
    assert MOVES[checkins_of(db, "U2")[-1].move_id].kind is not MoveKind.READY
    checkin_id = buttons(dm)[ids.READY_PREPARE]
    assert "checkin_did_it" in buttons(dm)

    modal = as_view(click_and_wait(slack, fake_slack, ids.READY_PREPARE, checkin_id, "views.open"))
    markup = markup_text(modal["blocks"])
    assert f"#2 {NASTY_ESCAPED}" in markup  # two notes: the strongest
    assert "(2 evidence notes" in markup and "Second &lt;note&gt; &amp; more" in markup
    assert "U1 proof 1" in markup and "U2" not in markup.replace("<@U2>", "")
    assert "I'd like you to nominate me for" in markup
    assert buttons(modal)[ids.PACKET_BUILD] == "ready"
    assert "<b>" not in markup and "<!here>" not in markup

    # `/mgr-goal ready` opens the same, any time; with little data it says what is thin.
    before = count(fake_slack, "views.open")
    assert slack.command("ready", user="U2").status == 200
    thin = as_view(fake_slack.wait_for("views.open", before + 1)[before])
    thin_text = markup_text(thin["blocks"])
    assert "*Your list:* 0 of 5 done" in thin_text and "Still thin" in thin_text
    assert "U1 proof" not in thin_text and NASTY_ESCAPED not in thin_text
    reply = slack.command("ready", user="U7")
    assert "no campaign yet" in reply.text


def test_the_ready_prompt_waits_eight_weeks(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    enrol(slack, fake_slack)
    seed_case(db, SLOT1 - dt.timedelta(days=1))
    kinds = []
    for week in range(10):
        run_tick(SLOT1 + week * WEEK)
        latest = checkins_of(db)[-1]
        kinds.append(MOVES[latest.move_id].kind)
        with db.session() as session:  # answered, so silence never pauses them
            row = session.get(CheckIn, latest.id)
            assert row is not None
            row.state = "skipped"
    ready_weeks = [n for n, kind in enumerate(kinds) if kind is MoveKind.READY]
    assert ready_weeks == [0, 8], kinds


def confidence_buttons(dm: object) -> set[str]:
    return {b for b in buttons(dm) if b.startswith(ids.CONFIDENCE)}


def test_confidence_once_a_month_and_low_looks_back_with_a_small_move(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    enrol(slack, fake_slack, user="U2")
    with db.session() as session:
        u1 = find_member(session, team_id=TEAM, user_id="U1")
        u2 = find_member(session, team_id=TEAM, user_id="U2")
        assert u1 is not None and u2 is not None
        for day, text in enumerate(["Old <win>", "Led the retro", "Fixed the build", "Mentored"]):
            at = dt.datetime(2026, 11, 2 + day, 12, tzinfo=dt.UTC)
            factories.win(session, owner=u1, text=text, now=at)
        factories.win(session, owner=u2, text="U2 private win", now=SLOT1 - WEEK)
    run_tick(SLOT1)
    [first] = dms(fake_slack, "U1")
    assert confidence_buttons(first) == {f"confidence_{c}" for c in ("low", "okay", "strong")}
    checkin_id = buttons(first)["confidence_low"]

    # Someone else's press, or from another team, changes nothing.
    click(slack, fake_slack, "confidence_low", checkin_id, user="U2")
    assert slack.click(
        "confidence_low", value=checkin_id, container="message", team="T999"
    ).status in (200, 401, 403)
    with db.session() as session:
        assert session.scalar(select(func.count(ConfidenceAnswer.id))) == 0

    clock.now = SLOT1 + dt.timedelta(hours=1)
    updated = click_and_wait(slack, fake_slack, "confidence_low", checkin_id, "chat.update")
    assert "You said: *Low*" in markup_text(updated)
    click_and_wait(slack, fake_slack, "confidence_okay", checkin_id, "chat.update")
    click_and_wait(slack, fake_slack, "confidence_low", checkin_id, "chat.update")
    with db.session() as session:
        [answer] = session.scalars(select(ConfidenceAnswer)).all()
        assert answer.level == "low"
    # Only the member's own Home shows it.
    for user, shown in (("U1", True), ("U2", False)):
        before_home = count(fake_slack, "views.publish")
        slack.event({"type": "app_home_opened", "user": user, "channel": "D9", "tab": "home"})
        home = data_text(home_after(fake_slack, before=before_home, user=user))
        assert ("*Confidence:* low (Nov)" in home) is shown, home

    run_tick(SLOT2)  # December's first: looks back, and asks again
    second = dms(fake_slack, "U1")[-1]
    row = checkins_of(db)[-1]
    assert row.looks_back and row.asks_confidence
    markup = markup_text(second)
    assert "*Look back*" in markup
    assert "Look back" in str(blocks_of(second)[0])  # before the move
    for text in ("Mentored", "Fixed the build", "Led the retro"):
        assert text in markup
    assert "Old &lt;win&gt;" not in markup and "U2 private win" not in markup
    assert MOVES[row.move_id].effort is Effort.SMALL
    assert confidence_buttons(second)
    assert "Look back" not in markup_text(dms(fake_slack, "U2")[-1])

    run_tick(SLOT3)  # December's second: no question, no look back
    third = dms(fake_slack, "U1")[-1]
    assert not confidence_buttons(third) and "Look back" not in markup_text(third)
    assert not checkins_of(db)[-1].looks_back


def reflection_week(db: Database, *, unsure_before: int) -> None:
    """Twelve done check-ins before SLOT1 (so SLOT1's is the reflection) and earlier
    reflections answered "not sure"."""
    with db.session() as session:
        member = find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None
        for n in range(12):
            at = SLOT1 - (12 - n) * WEEK
            factories.checkin(
                session,
                owner=member,
                week=f"2026-W{36 + n}",
                move_id="tell-manager",
                now=at,
                state="done",
            )
        for n in range(unsure_before):
            session.add(
                Reflection(
                    member_id=member.id,
                    still_want="not_sure",
                    created_at=SLOT1 - (40 - n) * WEEK,
                )
            )


@pytest.mark.parametrize(("unsure_before", "offered"), [(2, True), (3, False), (0, False)])
def test_the_reflection_is_kept_privately_and_three_unsure_offer_a_pause_once(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    run_tick,
    unsure_before: int,
    offered: bool,
) -> None:
    enrol(slack, fake_slack)
    enrol(slack, fake_slack, user="U2")
    reflection_week(db, unsure_before=unsure_before)
    run_tick(SLOT1)
    dm = dms(fake_slack, "U1")[-1]
    assert MOVES[checkins_of(db)[-1].move_id].kind is MoveKind.REFLECTION
    assert "checkin_did_it" not in buttons(dm)
    checkin_id = buttons(dm)[ids.CHECKIN_REFLECT]
    clock.now = SLOT1 + dt.timedelta(hours=2)
    modal = as_view(
        click_and_wait(slack, fake_slack, ids.CHECKIN_REFLECT, checkin_id, "views.open")
    )

    # U2 pressing U1's Reflect opens nothing; U2, or U1 from another team, submitting U1's
    # reflection (a forged metadata id) stores nothing.
    opened = count(fake_slack, "views.open")
    before = count(fake_slack, "response_url")
    click(slack, fake_slack, ids.CHECKIN_REFLECT, checkin_id, user="U2")
    fake_slack.wait_for("response_url", before + 1)
    assert count(fake_slack, "views.open") == opened
    forged = slack.submit(modal, {"still_want": "no"}, user="U2")
    assert forged.status == 200 and "errors" in forged.body
    other_team = slack.submit(modal, {"still_want": "no"}, team="T999")
    assert other_team.status != 200 or "errors" in other_team.body
    with db.session() as session:
        assert session.scalar(select(func.count(Reflection.id))) == unsure_before

    before_home, before_dm = count(fake_slack, "views.publish"), len(dms(fake_slack, "U1"))
    reply = slack.submit(
        modal,
        {
            "still_want": "not_sure",
            "energised": "Mentoring <Ana> & Bo",
            "drained": "Status meetings",
        },
    )
    assert reply.status == 200 and "errors" not in reply.body, reply.body
    home = data_text(as_view(fake_slack.wait_for("views.publish", before_home + 1)[-1]))
    assert "Your reflections" in home and "Mentoring &lt;Ana&gt; &amp; Bo" in home
    assert "Not sure" in home
    with db.session() as session:
        kept = session.scalars(select(Reflection).order_by(Reflection.id.desc())).first()
        assert kept is not None and kept.drained == "Status meetings"
        assert session.scalar(select(func.count(Win.id))) == 0  # a reflection is not a win
        row = session.get(CheckIn, int(checkin_id))
        assert row is not None and row.state == "done"
    if offered:
        eventually(lambda: len(dms(fake_slack, "U1")) > before_dm, what="the pause offer")
        offer = dms(fake_slack, "U1")[-1]
        assert "last three reflections" in text_of(offer)
        assert set(buttons(offer)) == {ids.REFLECTION_PAUSE, ids.REFLECTION_KEEP_GOING}
        before, before_home = count(fake_slack, "response_url"), count(fake_slack, "views.publish")
        click(slack, fake_slack, ids.REFLECTION_PAUSE, "pause")
        fake_slack.wait_for("response_url", before + 1)
        fake_slack.wait_for("views.publish", before_home + 1)
        with db.session() as session:
            u1 = find_member(session, team_id=TEAM, user_id="U1")
            u2 = find_member(session, team_id=TEAM, user_id="U2")
            assert u1 is not None and u1.paused and u2 is not None and not u2.paused
    else:
        assert len(dms(fake_slack, "U1")) == before_dm
    # U2's Home never shows U1's reflections.
    before_home = count(fake_slack, "views.publish")
    slack.event({"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"})
    other = data_text(home_after(fake_slack, before=before_home, user="U2"))
    assert "Your reflections" not in other and "Mentoring" not in other
