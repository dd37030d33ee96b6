"""The check-in use cases behind the Messenger port, on a real database with a fake Slack:
send one now, answer it (Swap, Snooze, Skip, pulse, Did it, the pause question), re-render."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bot.db import Database
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinState, Pulse
from bot.domain.delivery import Outcome, Posted
from bot.domain.retry import MAX_BACKOFF
from bot.models import CheckIn, Win
from bot.services.checkins import answers, messages, outbox, rows
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.messenger import Messenger, MessengerError, SendFailed, Unreachable
from tests.support.checkin_helpers import LIBRARY, add_member, checkins_of, member_of
from tests.support.fake_messenger import FakeMessenger
from tests.support.slack_requests import TEAM

MONDAY = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)  # 09:00 in Berlin
LATER = MONDAY + dt.timedelta(hours=2)


def sent_checkin(db: Database, fake: FakeMessenger, user: str = "U1") -> int:
    """A member whose check-in was just delivered through the port; its id."""
    add_member(db, user, tz="Europe/Berlin", now=MONDAY - dt.timedelta(days=1))
    with db.session() as session:
        rows.create_due_checkins(session, now=MONDAY, library=LIBRARY)
    [row] = checkins_of(db, user)
    assert messages.send_now(db=db, messenger=fake, checkin_id=row.id, library=LIBRARY, now=MONDAY)
    return row.id


def press(
    db: Database, fake: FakeMessenger, checkin_id: int, answer: CheckinAnswer | Pulse
) -> None:
    messages.press(
        db=db,
        messenger=fake,
        team_id=TEAM,
        user_id="U1",
        checkin_id=checkin_id,
        answer=answer,
        library=LIBRARY,
        now=LATER,
    )


def row(db: Database, checkin_id: int) -> CheckIn:
    with db.session() as session:
        found = session.get(CheckIn, checkin_id)
        assert found is not None
        return found


def test_the_fake_is_a_messenger() -> None:
    assert isinstance(FakeMessenger(), Messenger)


def test_send_now_dms_the_checkin_with_its_buttons_and_owes_a_reminder(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    [dm] = fake.to("U1", "dm")
    assert dm.message is not None and "leadership move" in dm.message.text
    sent = row(db, checkin_id)
    assert sent.state == CheckinState.SENT
    assert (sent.channel, sent.remind_at) == ("DU1", MONDAY + dt.timedelta(days=2))
    # Claimed and sent already: a second "send now" finds nothing to send.
    assert not messages.send_now(
        db=db, messenger=fake, checkin_id=checkin_id, library=LIBRARY, now=MONDAY
    )


def test_send_now_to_someone_who_cannot_get_dms_marks_them_unreachable(db: Database) -> None:
    fake = FakeMessenger(fail_dm_to={"U1"})
    add_member(db, "U1", tz="Europe/Berlin", now=MONDAY - dt.timedelta(days=1))
    with db.session() as session:
        rows.create_due_checkins(session, now=MONDAY, library=LIBRARY)
    [pending] = checkins_of(db)
    assert not messages.send_now(
        db=db, messenger=fake, checkin_id=pending.id, library=LIBRARY, now=MONDAY
    )
    assert row(db, pending.id).state == CheckinState.UNDELIVERABLE
    assert member_of(db).unreachable == "user_not_found"


def test_swap_shows_another_move_in_place(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    before = row(db, checkin_id).move_id
    press(db, fake, checkin_id, CheckinAnswer.SWAP)
    after = row(db, checkin_id)
    assert after.move_id != before
    assert after.shown_moves == f"{before},{after.move_id}"
    assert (after.answered_at, after.remind_at) == (LATER, None)
    [update] = fake.to("DU1", "update")
    assert update.message is not None and after.move_id not in ("", before)


def test_snooze_puts_it_back_in_the_queue_for_tomorrow(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    press(db, fake, checkin_id, CheckinAnswer.SNOOZE)
    snoozed = row(db, checkin_id)
    assert snoozed.state == CheckinState.PENDING
    assert snoozed.due_at == MONDAY + dt.timedelta(days=1)
    [update] = fake.to("DU1", "update")
    assert update.message is not None
    assert "Snoozed until Tue 8 Dec 2026 at 09:00" in str(update.message.to_dict())


def test_skip_then_swap_is_refused(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    press(db, fake, checkin_id, CheckinAnswer.SKIP)
    assert row(db, checkin_id).state == CheckinState.SKIPPED
    with pytest.raises(UserError, match="already answered"):
        press(db, fake, checkin_id, CheckinAnswer.SWAP)
    assert len(fake.to("DU1", "update")) == 1  # the refused answer re-rendered nothing


def test_a_pulse_is_kept_and_shown(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    press(db, fake, checkin_id, Pulse.STRETCHED)
    assert row(db, checkin_id).pulse == "stretched"
    [update] = fake.to("DU1", "update")
    assert update.message is not None and "*Stretched*" in str(update.message.to_dict())


def test_someone_elses_checkin_is_not_found(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    add_member(db, "U2", tz="UTC", now=MONDAY)
    with pytest.raises(NotFound):
        messages.press(
            db=db,
            messenger=fake,
            team_id=TEAM,
            user_id="U2",
            checkin_id=checkin_id,
            answer=CheckinAnswer.SKIP,
            library=LIBRARY,
            now=LATER,
        )


def test_did_it_logs_a_win_once_and_the_refresh_shows_done(db: Database) -> None:
    fake = FakeMessenger()
    checkin_id = sent_checkin(db, fake)
    with db.session() as session:
        form = answers.did_it_form(
            session, team_id=TEAM, user_id="U1", checkin_id=checkin_id, library=LIBRARY
        )
        assert form.checkin.id == checkin_id and form.open_items == []

    def save(session: Session) -> int:
        return answers.did_it_for(
            session,
            team_id=TEAM,
            user_id="U1",
            did=answers.DidIt(checkin_id=checkin_id, outcome="Ran the design review"),
            library=LIBRARY,
            now=LATER,
        )

    with db.session() as session:
        assert save(session) == checkin_id
    messages.refresh(db=db, messenger=fake, checkin_id=checkin_id, library=LIBRARY, now=LATER)
    done = row(db, checkin_id)
    assert (done.state, done.outcome) == (CheckinState.DONE, "Ran the design review")
    [update] = fake.to("DU1", "update")
    assert update.message is not None and "*Done.*" in str(update.message.to_dict())
    with pytest.raises(UserError, match="already logged"), db.session() as session:
        save(session)
    with db.session() as session:
        assert len(session.query(Win).all()) == 1
        with pytest.raises(UserError, match="already answered"):
            answers.did_it_form(
                session, team_id=TEAM, user_id="U1", checkin_id=checkin_id, library=LIBRARY
            )


@pytest.mark.parametrize("keep_going", [True, False])
def test_the_pause_question_is_answered_once(db: Database, keep_going: bool) -> None:
    add_member(db, "U1", tz="Europe/Berlin", now=MONDAY - dt.timedelta(days=1))
    with db.session() as session:
        member = member_of(db)
        prompt = CheckIn(
            member_id=member.id,
            week="2026-W50",
            kind=CheckinKind.PAUSE_PROMPT,
            move_id="",
            shown_moves="",
            state=CheckinState.SENT,
            due_at=MONDAY,
            created_at=MONDAY,
        )
        session.add(prompt)
        session.flush()
        prompt_id = prompt.id
    with db.session() as session:
        upcoming = answers.answer_pause(
            session,
            team_id=TEAM,
            user_id="U1",
            checkin_id=prompt_id,
            keep_going=keep_going,
            now=LATER,
        )
    assert (upcoming.at is not None) is keep_going
    assert member_of(db).paused is not keep_going
    assert row(db, prompt_id).state == CheckinState.DONE
    with pytest.raises(UserError, match="already answered that"), db.session() as session:
        answers.answer_pause(
            session, team_id=TEAM, user_id="U1", checkin_id=prompt_id, keep_going=True, now=LATER
        )


def did_it(db: Database, did: answers.DidIt) -> None:
    with db.session() as session:
        answers.did_it_for(session, team_id=TEAM, user_id="U1", did=did, library=LIBRARY, now=LATER)


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        (answers.DidIt(0, outcome="  "), "outcome"),
        (answers.DidIt(0, outcome="x" * 501), "outcome"),
        (answers.DidIt(0, outcome="Ran it", item_id=999), "item"),
        (answers.DidIt(0, outcome="Ran it", evidence="notes"), "item"),
    ],
)
def test_a_refused_did_it_names_the_field_it_is_about(
    db: Database, answer: answers.DidIt, field: str
) -> None:
    checkin_id = sent_checkin(db, FakeMessenger())
    with pytest.raises(FieldErrors) as refused:
        did_it(db, dataclasses.replace(answer, checkin_id=checkin_id))
    assert list(refused.value.problems) == [field]
    assert row(db, checkin_id).state == CheckinState.SENT


def test_the_pause_buttons_answer_only_the_members_own_question(db: Database) -> None:
    checkin_id = sent_checkin(db, FakeMessenger())
    add_member(db, "U2", tz="Europe/Berlin", now=MONDAY)
    with pytest.raises(NotFound), db.session() as session:
        answers.answer_pause(
            session, team_id=TEAM, user_id="U2", checkin_id=checkin_id, keep_going=False, now=LATER
        )


def due_checkin(db: Database) -> outbox.Claimed:
    """U1's check-in created and claimed, ready to post."""
    add_member(db, "U1", tz="Europe/Berlin", now=MONDAY - dt.timedelta(days=1))
    with db.session() as session:
        rows.create_due_checkins(session, now=MONDAY, library=LIBRARY)
    with db.session() as session:
        [claimed] = outbox.claim_pending(session, now=MONDAY, limit=1)
    return claimed


def post_due(db: Database, fake: FakeMessenger) -> Posted:
    claimed = due_checkin(db)
    message = messages.outgoing(db, checkin_id=claimed.checkin_id, library=LIBRARY, now=MONDAY)
    assert message is not None
    return messages.post(db=db, messenger=fake, claimed=claimed, message=message, now=MONDAY)


def test_a_rejected_token_gives_the_checkin_back_and_marks_nobody(db: Database) -> None:
    posted = post_due(db, FakeMessenger(failing={"dm": SendFailed("invalid_auth")}))
    assert posted == Posted(Outcome.TOKEN_REJECTED, "invalid_auth")
    [checkin] = checkins_of(db)
    assert (checkin.state, checkin.attempts, checkin.claimed_until) == ("pending", 0, None)
    assert member_of(db).unreachable is None


@pytest.mark.parametrize(
    ("error", "stored_as"),
    [
        (SendFailed("not_in_channel"), "not_in_channel"),  # a channel's error, not a person's
        (Unreachable("ConnectionResetError()"), "ConnectionResetError()"),
    ],
)
def test_anything_else_is_retried_later(
    db: Database, error: MessengerError, stored_as: str
) -> None:
    posted = post_due(db, FakeMessenger(failing={"dm": error}))
    assert posted == Posted(Outcome.FAILED, stored_as)
    [checkin] = checkins_of(db)
    assert (checkin.state, checkin.attempts, checkin.last_error) == ("pending", 1, stored_as)
    assert member_of(db).unreachable is None


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (SendFailed("token_revoked"), Outcome.TOKEN_REJECTED),
        (SendFailed("is_archived"), Outcome.FAILED),
        (Unreachable("TimeoutError()"), Outcome.FAILED),
    ],
)
def test_a_failed_reminder_is_owed_again(
    db: Database, error: MessengerError, outcome: Outcome
) -> None:
    checkin_id = sent_checkin(db, FakeMessenger())
    reminder = messages.reminder_for(db, checkin_id=checkin_id, library=LIBRARY)
    assert reminder is not None
    outbound = outbox.Outbound(checkin_id=checkin_id, user_id="U1", team_id=TEAM)
    posted = messages.post_reminder(
        db=db,
        messenger=FakeMessenger(failing={"thread": error}),
        outbound=outbound,
        reminder=reminder,
        now=LATER,
    )
    assert posted.outcome is outcome
    # Owed at once after a token error (the bot's problem), after the longest backoff otherwise.
    after = dt.timedelta(0) if outcome is Outcome.TOKEN_REJECTED else MAX_BACKOFF
    assert row(db, checkin_id).remind_at == LATER + after
