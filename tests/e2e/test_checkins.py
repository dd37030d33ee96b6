"""Weekly check-in DMs end to end: enrol with a slash command, tick the scheduler at chosen
instants, click the DM's buttons as Slack would, and assert what the member sees.

The frozen clock starts on Monday 23 November 2026, 15:00 UTC. U1 is in Europe/Berlin (UTC+1 in
winter), so their default slot, Monday 09:00 local, is 08:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack
from bot.domain.moves import Effort
from bot.domain.slack_text import escape
from tests.support.checkin_helpers import (
    ANSWER_BUTTONS,
    MOVES,
    PULSE_BUTTONS,
    checkins_of,
    dms,
    eventually,
    member_of,
    snapshot,
    thread_replies,
)
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count
from tests.support.readers import as_view, buttons, data_text, header, mrkdwn_texts, text_of
from tests.support.slack_requests import Reply, SlackDriver

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)
# Monday 30 November 2026, 09:00 in Berlin: U1's first check-in after enrolling on the 23rd.
SLOT1 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
SLOT2 = SLOT1 + WEEK
SLOT3 = SLOT2 + WEEK
SLOT4 = SLOT3 + WEEK


# --- helpers ---------------------------------------------------------------------------------


def enrol(
    slack: SlackDriver,
    fake: FakeSlack,
    text: str = "add Mentor the new hire area coaching",
    *,
    user: str = "U1",
) -> Reply:
    """`/mgr-goal add …` as a new member; returns once their Slack time zone is stored (the
    bot fetches it after the ack, then republishes Home)."""
    before = count(fake, "views.publish")
    reply = slack.command(text, user=user)
    assert reply.status == 200, reply.body
    assert "Added to your list" in reply.text, reply.text
    fake.wait_for("views.publish", before + 1)
    return reply


def command(slack: SlackDriver, fake: FakeSlack, text: str, *, user: str = "U1") -> Reply:
    """A command that changes data; waits for the Home tab it republishes."""
    before = count(fake, "views.publish")
    reply = slack.command(text, user=user)
    assert reply.status == 200, reply.body
    fake.wait_for("views.publish", before + 1)
    return reply


def click(
    slack: SlackDriver, fake: FakeSlack, action_id: str, value: str, *, user: str = "U1"
) -> None:
    reply = slack.click(action_id, value=value, container="message", user=user)
    assert reply.status == 200, reply.body


def click_and_wait(
    slack: SlackDriver, fake: FakeSlack, action_id: str, value: str, method: str
) -> Call:
    """Click a DM button and return the next `method` call the bot makes because of it."""
    before = count(fake, method)
    click(slack, fake, action_id, value)
    return fake.wait_for(method, before + 1)[before]


def home_after_click(
    slack: SlackDriver, fake: FakeSlack, action_id: str, value: str, *, then: str
) -> tuple[Call, str]:
    """Click, wait for the `then` call (e.g. chat.update) and the Home tab published after it."""
    before_then, before_home = count(fake, then), count(fake, "views.publish")
    click(slack, fake, action_id, value)
    call = fake.wait_for(then, before_then + 1)[before_then]
    home = fake.wait_for("views.publish", before_home + 1)[before_home]
    return call, data_text(as_view(home))


def ephemeral_after_click(
    slack: SlackDriver, fake: FakeSlack, action_id: str, value: str, *, user: str = "U1"
) -> dict:
    before = count(fake, "response_url")
    click(slack, fake, action_id, value, user=user)
    return fake.wait_for("response_url", before + 1)[before].args


def only_dm(fake: FakeSlack) -> Call:
    sent = dms(fake)
    assert len(sent) == 1, [text_of(c)[:80] for c in sent]
    return sent[0]


def first_checkin(slack: SlackDriver, fake: FakeSlack, run_tick) -> tuple[Call, str]:
    """Enrol U1 and deliver their first check-in; returns the DM and the check-in id."""
    enrol(slack, fake)
    run_tick(SLOT1)
    dm = only_dm(fake)
    return dm, buttons(dm)["checkin_did_it"]


# --- the first DM ------------------------------------------------------------------------------


def test_welcome_says_when_and_the_dm_comes_monday_0900_berlin_exactly_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    reply = enrol(slack, fake_slack)
    assert "Monday at 09:00" in reply.text

    run_tick(SLOT1 - MINUTE)
    assert dms(fake_slack) == []

    run_tick(SLOT1)
    dm = only_dm(fake_slack)
    assert dm.args["channel"] == "U1"
    [row] = checkins_of(db)
    move = MOVES[row.move_id]
    shown = text_of(dm)
    assert header(dm) == move.title
    assert escape(move.what) in shown
    assert escape(move.why) in shown
    assert "Your list: 0 of 1 done" in shown and "Mentor the new hire" in shown
    found = buttons(dm)
    assert set(ANSWER_BUTTONS) | set(PULSE_BUTTONS) <= set(found)
    assert {found[b] for b in (*ANSWER_BUTTONS, *PULSE_BUTTONS)} == {str(row.id)}
    assert row.state == "sent" and row.ts

    # The same minute again, later that day, and later that week (Sunday 23:59 in Berlin).
    for later in (SLOT1, SLOT1 + MINUTE, SLOT1 + dt.timedelta(hours=5), SLOT1 + 3 * DAY):
        run_tick(later)
    run_tick(dt.datetime(2026, 12, 6, 22, 59, tzinfo=dt.UTC))
    assert len(dms(fake_slack)) == 1
    assert len(checkins_of(db)) == 1


def test_user_text_in_the_list_line_is_escaped(
    slack: SlackDriver, fake_slack: FakeSlack, run_tick
) -> None:
    # What Slack sends when someone types a literal "<!channel>" and "R&D" in a command.
    enrol(slack, fake_slack, "add Tell &lt;!channel&gt; about R&amp;D")
    run_tick(SLOT1)
    dm = only_dm(fake_slack)
    assert "Tell &lt;!channel&gt; about R&amp;D" in text_of(dm)
    for text in mrkdwn_texts(dm):
        assert "<!channel>" not in text, text


# --- the buttons -------------------------------------------------------------------------------


def test_swap_updates_the_same_message_with_another_move(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    dm, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=1)
    ts = checkins_of(db)[0].ts

    titles = [header(dm)]
    for _ in range(2):
        update = click_and_wait(slack, fake_slack, "checkin_swap", checkin_id, "chat.update")
        assert update.args["channel"] == dm.args["channel"] and update.args["ts"] == ts
        titles.append(header(update))
        assert "checkin_did_it" in buttons(update)  # still answerable
    assert len(set(titles)) == 3, titles
    assert MOVES[checkins_of(db)[0].move_id].title == titles[-1]
    assert len(dms(fake_slack)) == 1  # swapped in place, no new message


def test_skip_updates_the_message_and_home_says_skipped(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    dm, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=1)

    update, home = home_after_click(
        slack, fake_slack, "checkin_skip", checkin_id, then="chat.update"
    )
    assert update.args["ts"] == checkins_of(db)[0].ts
    assert "Skipped this week" in text_of(update)
    assert "checkin_did_it" not in buttons(update)
    assert f"{header(dm)} (skipped)" in home
    assert checkins_of(db)[0].state == "skipped"

    # Skipping one week isn't pausing: next week's check-in still comes.
    run_tick(SLOT2)
    assert len(dms(fake_slack)) == 2


def test_snooze_sends_it_again_at_the_same_local_time_tomorrow(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=2)  # 11:00 in Berlin

    update = click_and_wait(slack, fake_slack, "checkin_snooze", checkin_id, "chat.update")
    assert "Snoozed until Tue 1 Dec 2026 at 09:00" in text_of(update)

    tomorrow = SLOT1 + DAY  # Tuesday 09:00 in Berlin
    for early in (clock.now, SLOT1 + dt.timedelta(hours=12), tomorrow - MINUTE):
        run_tick(early)
    assert len(dms(fake_slack)) == 1

    run_tick(tomorrow)
    run_tick(tomorrow + MINUTE)
    again = dms(fake_slack)
    assert len(again) == 2 and again[1].args["channel"] == "U1"
    assert buttons(again[1])["checkin_did_it"] == checkin_id
    assert checkins_of(db)[0].state == "sent"


def test_did_it_opens_a_modal_and_stores_the_outcome_and_evidence(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=3)

    opened = click_and_wait(slack, fake_slack, "checkin_did_it", checkin_id, "views.open")
    view = as_view(opened)
    assert view["callback_id"] == "did_it_modal"
    item_block = next(b for b in view["blocks"] if b.get("block_id") == "item")
    [option] = item_block["element"]["options"]
    assert "Mentor the new hire" in option["text"]["text"]

    before_update, before_home = (
        count(fake_slack, "chat.update"),
        count(fake_slack, "views.publish"),
    )
    reply = slack.submit(
        view,
        {
            "outcome": "Paired with Sam on his first deploy",
            "item": option["value"],
            "evidence": "Sam shipped on day 3",
        },
    )
    assert reply.status == 200 and "errors" not in reply.body, reply.body
    update = fake_slack.wait_for("chat.update", before_update + 1)[before_update]
    assert "Done." in text_of(update) and "Paired with Sam on his first deploy" in text_of(update)
    assert "checkin_did_it" not in buttons(update)
    home = fake_slack.wait_for("views.publish", before_home + 1)[before_home]
    assert "done" in data_text(as_view(home))

    [row] = checkins_of(db)
    assert row.state == "done" and row.outcome == "Paired with Sam on his first deploy"
    from tests.support import campaign_queries as q

    [item] = q.items(db)
    assert [n.text for n in item.notes] == ["Sam shipped on day 3"]

    # A second "Did it" on the same week says so instead of logging it twice.
    answer = ephemeral_after_click(slack, fake_slack, "checkin_did_it", checkin_id)
    assert "already" in answer["text"]
    assert count(fake_slack, "views.open") == 1


def test_did_it_logs_a_win_private_unless_shared_and_home_lists_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=3)
    view = as_view(click_and_wait(slack, fake_slack, "checkin_did_it", checkin_id, "views.open"))
    share_block = next(b for b in view["blocks"] if b.get("block_id") == "win_share")
    assert share_block["element"]["type"] == "checkboxes"
    assert "initial_options" not in share_block["element"]  # private unless chosen

    before_home = count(fake_slack, "views.publish")
    reply = slack.submit(view, {"outcome": "Ran the retro", "win_share": ["share"]})
    assert reply.status == 200 and "errors" not in reply.body, reply.body
    home = data_text(as_view(fake_slack.wait_for("views.publish", before_home + 1)[-1]))
    assert "Wins (1)" in home and "Ran the retro" in home and "shared with your team" in home

    from sqlalchemy import select

    from bot.models import Win

    with db.session() as session:
        [win] = session.scalars(select(Win)).all()
        assert win.shared and str(win.checkin_id) == checkin_id
        assert win.area == MOVES[checkins_of(db)[0].move_id].area.value


def test_behind_pulse_makes_next_weeks_move_small_with_core_job_line(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=1)

    answer = ephemeral_after_click(slack, fake_slack, "checkin_pulse_behind", checkin_id)
    assert "core job comes first" in answer["text"]
    assert answer.get("response_type") == "ephemeral"
    update = fake_slack.wait_for("chat.update")[0]
    assert "You said: *Behind*" in text_of(update)

    run_tick(SLOT2)
    sent = dms(fake_slack)
    assert len(sent) == 2
    this_week = checkins_of(db)[-1]
    assert MOVES[this_week.move_id].effort is Effort.SMALL
    assert header(sent[1]) == MOVES[this_week.move_id].title
    assert "core job comes first" in text_of(sent[1])


def test_on_track_pulse_keeps_next_week_normal(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    click_and_wait(slack, fake_slack, "checkin_pulse_on_track", checkin_id, "chat.update")
    run_tick(SLOT2)
    assert "core job comes first" not in text_of(dms(fake_slack)[1])


@pytest.mark.parametrize("action_id", [*ANSWER_BUTTONS, *PULSE_BUTTONS])
def test_button_on_last_weeks_message_says_so_and_changes_nothing(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    run_tick,
    action_id: str,
) -> None:
    _, last_week = first_checkin(slack, fake_slack, run_tick)
    run_tick(SLOT2)
    assert len(dms(fake_slack)) == 2
    clock.now = SLOT2 + dt.timedelta(hours=1)
    before = snapshot(db)
    updates, opened = count(fake_slack, "chat.update"), count(fake_slack, "views.open")

    answer = ephemeral_after_click(slack, fake_slack, action_id, last_week)
    assert "earlier week" in answer["text"]
    assert answer.get("response_type") == "ephemeral"
    assert snapshot(db) == before
    assert count(fake_slack, "chat.update") == updates
    assert count(fake_slack, "views.open") == opened


@pytest.mark.parametrize("action_id", [*ANSWER_BUTTONS, *PULSE_BUTTONS])
def test_someone_elses_checkin_is_refused(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    clock: FrozenClock,
    run_tick,
    action_id: str,
) -> None:
    _, u1_checkin = first_checkin(slack, fake_slack, run_tick)
    enrol(slack, fake_slack, "add Run the retro", user="U2")
    before = snapshot(db)
    updates, opened = count(fake_slack, "chat.update"), count(fake_slack, "views.open")

    answer = ephemeral_after_click(slack, fake_slack, action_id, u1_checkin, user="U2")
    assert "isn't yours" in answer["text"]
    assert snapshot(db) == before
    assert count(fake_slack, "chat.update") == updates
    assert count(fake_slack, "views.open") == opened


def test_someone_elses_did_it_submission_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    _, u1_checkin = first_checkin(slack, fake_slack, run_tick)
    opened = click_and_wait(slack, fake_slack, "checkin_did_it", u1_checkin, "views.open")
    enrol(slack, fake_slack, "add Run the retro", user="U2")
    before = snapshot(db)

    reply = slack.submit(as_view(opened), {"outcome": "Not mine", "item": None}, user="U2")
    assert reply.status == 200
    assert reply.json().get("response_action") == "errors", reply.body
    assert snapshot(db) == before


@pytest.mark.parametrize("value", ["999999", "abc", "", "-1", "99999999999999999999"])
def test_unknown_checkin_ids_are_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick, value: str
) -> None:
    first_checkin(slack, fake_slack, run_tick)
    before = snapshot(db)
    answer = ephemeral_after_click(slack, fake_slack, "checkin_skip", value)
    assert "isn't yours" in answer["text"]
    assert snapshot(db) == before


# --- commands ----------------------------------------------------------------------------------


def test_checkin_command_sends_now_once_per_week(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    clock.now = SLOT1 - dt.timedelta(hours=1)  # Monday 08:00 in Berlin, before the slot

    reply = command(slack, fake_slack, "checkin")
    assert "on its way" in reply.text
    dm = fake_slack.wait_for("chat.postMessage")[0]
    assert dm.args["channel"] == "U1" and "checkin_did_it" in buttons(dm)

    again = slack.command("checkin")
    assert "already had this week's check-in" in again.text
    for at in (SLOT1, SLOT1 + MINUTE, SLOT1 + 2 * DAY - MINUTE):
        run_tick(at)
    assert len(dms(fake_slack)) == 1
    assert len(checkins_of(db)) == 1

    # Next week's comes on schedule.
    run_tick(SLOT2)
    assert len(dms(fake_slack)) == 2


def test_pause_stops_dms_and_resume_sends_one_at_the_next_slot_never_a_backlog(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    clock.now += DAY
    before = count(fake_slack, "views.publish")
    reply = slack.command("pause")
    assert "paused" in reply.text
    home = fake_slack.wait_for("views.publish", before + 1)[before]
    assert "Weekly check-ins are paused" in data_text(as_view(home))

    for at in (SLOT1, SLOT1 + 2 * DAY, SLOT2, SLOT3, SLOT3 + MINUTE):
        run_tick(at)
    assert fake_slack.calls_to("chat.postMessage") == []

    # Three weeks later, on Wednesday 16 December: the next slot is Monday the 21st.
    clock.now = dt.datetime(2026, 12, 16, 10, 0, tzinfo=dt.UTC)
    reply = command(slack, fake_slack, "resume")
    assert "Mon 21 Dec 2026 at 09:00" in reply.text
    for at in (clock.now, clock.now + MINUTE, SLOT4 - MINUTE):
        run_tick(at)
    assert dms(fake_slack) == []
    for at in (SLOT4, SLOT4 + MINUTE, SLOT4 + dt.timedelta(hours=1)):
        run_tick(at)
    assert len(dms(fake_slack)) == 1
    assert len(checkins_of(db)) == 1


def test_pause_and_resume_twice_say_so(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    enrol(slack, fake_slack)
    assert "already on" in slack.command("resume").text
    command(slack, fake_slack, "pause")
    assert "already paused" in slack.command("pause").text


def test_schedule_moves_the_next_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    enrol(slack, fake_slack)
    reply = command(slack, fake_slack, "schedule tuesday 08:30")
    assert "every Tuesday at 08:30" in reply.text
    assert "Tue 24 Nov 2026 at 08:30" in reply.text  # the clock says Monday the 23rd

    tuesday = dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC)  # 08:30 in Berlin
    run_tick(tuesday - MINUTE)
    assert dms(fake_slack) == []
    run_tick(tuesday)
    assert len(dms(fake_slack)) == 1
    run_tick(SLOT1)  # the old Monday slot
    assert len(dms(fake_slack)) == 1
    run_tick(tuesday + WEEK - MINUTE)
    assert len(dms(fake_slack)) == 1
    run_tick(tuesday + WEEK)
    assert len(dms(fake_slack)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "schedule",
        "schedule funday 09:00",
        "schedule monday 25:00",
        "schedule mon 9:75",
        "schedule t",
    ],
)
def test_schedule_rejects_bad_input_and_keeps_the_old_one(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str
) -> None:
    enrol(slack, fake_slack)
    before = member_of(db)
    reply = slack.command(text)
    assert reply.status == 200
    assert "/mgr-goal schedule monday 09:00" in reply.text
    after = member_of(db)
    assert (after.checkin_weekday, after.checkin_time, after.next_checkin_at) == (
        before.checkin_weekday,
        before.checkin_time,
        before.next_checkin_at,
    )


# --- respecting attention ----------------------------------------------------------------------


def test_one_threaded_reminder_two_days_after_an_unanswered_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    dm, _ = first_checkin(slack, fake_slack, run_tick)
    ts = checkins_of(db)[0].ts

    run_tick(SLOT1 + 2 * DAY - MINUTE)
    assert thread_replies(fake_slack) == []
    run_tick(SLOT1 + 2 * DAY)
    [reminder] = thread_replies(fake_slack)
    assert reminder.args["thread_ts"] == ts and reminder.args["channel"] == dm.args["channel"]
    assert escape(header(dm)) in text_of(reminder)

    for later in (SLOT1 + 2 * DAY + MINUTE, SLOT1 + 3 * DAY, SLOT1 + 6 * DAY):
        run_tick(later)
    assert len(thread_replies(fake_slack)) == 1
    assert len(dms(fake_slack)) == 1


def test_answered_checkin_gets_no_reminder(
    slack: SlackDriver, fake_slack: FakeSlack, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    click_and_wait(slack, fake_slack, "checkin_pulse_stretched", checkin_id, "chat.update")
    run_tick(SLOT1 + 2 * DAY)
    run_tick(SLOT1 + 3 * DAY)
    assert thread_replies(fake_slack) == []


def test_no_reminder_about_last_week_once_this_weeks_dm_is_due(
    slack: SlackDriver, fake_slack: FakeSlack, run_tick
) -> None:
    """If no tick ran in the two days after a DM (the bot was down), the next tick is next
    week's: the member gets next week's check-in, not a nudge about a week that's over."""
    first_checkin(slack, fake_slack, run_tick)
    run_tick(SLOT2)
    run_tick(SLOT2 + MINUTE)
    assert len(dms(fake_slack)) == 2
    assert [text_of(r) for r in thread_replies(fake_slack)] == []


def ignore_three_weeks(run_tick, fake: FakeSlack) -> None:
    """Three weekly DMs, each with its reminder, none answered; then the fourth week's tick."""
    for slot in (SLOT1, SLOT2, SLOT3):
        run_tick(slot)
        run_tick(slot + 2 * DAY)
    assert len(dms(fake)) == 3 and len(thread_replies(fake)) == 3
    run_tick(SLOT4)


def test_three_unanswered_weeks_ask_to_pause_instead(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    ignore_three_weeks(run_tick, fake_slack)

    sent = dms(fake_slack)
    assert len(sent) == 4
    question = sent[3]
    assert "pause" in text_of(question).lower()
    found = buttons(question)
    assert set(found) == {"pause_answer_resume", "pause_answer_pause"}
    assert member_of(db).paused

    posts = count(fake_slack, "chat.postMessage")
    for at in (SLOT4 + 2 * DAY, SLOT4 + WEEK, SLOT4 + 2 * WEEK):
        run_tick(at)
    assert count(fake_slack, "chat.postMessage") == posts

    # "Keep them coming" on Tuesday 5 January: the next check-in is Monday the 11th.
    clock.now = dt.datetime(2027, 1, 5, 12, 0, tzinfo=dt.UTC)
    answer = ephemeral_after_click(
        slack, fake_slack, "pause_answer_resume", found["pause_answer_resume"]
    )
    assert "back on" in answer["text"] and "Mon 11 Jan 2027 at 09:00" in answer["text"]
    assert answer.get("replace_original") in (True, "true")
    assert not member_of(db).paused

    run_tick(dt.datetime(2027, 1, 11, 8, 0, tzinfo=dt.UTC) - MINUTE)
    assert count(fake_slack, "chat.postMessage") == posts
    run_tick(dt.datetime(2027, 1, 11, 8, 0, tzinfo=dt.UTC))
    back = dms(fake_slack)
    assert len(back) == 5 and "checkin_did_it" in buttons(back[4])


def test_answering_pause_keeps_them_paused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    ignore_three_weeks(run_tick, fake_slack)
    question = dms(fake_slack)[3]
    clock.now = SLOT4 + dt.timedelta(hours=1)
    answer = ephemeral_after_click(
        slack, fake_slack, "pause_answer_pause", buttons(question)["pause_answer_pause"]
    )
    assert "paused" in answer["text"] and "resume" in answer["text"]
    posts = count(fake_slack, "chat.postMessage")
    for at in (SLOT4 + WEEK, SLOT4 + 2 * WEEK):
        run_tick(at)
    assert count(fake_slack, "chat.postMessage") == posts
    assert member_of(db).paused


def test_user_change_with_a_new_time_zone_moves_the_slot(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    enrol(slack, fake_slack)
    reply = slack.event(
        {
            "type": "user_change",
            "user": {"id": "U1", "team_id": "T1", "tz": "America/New_York", "deleted": False},
        },
        event_id="EvTz",
    )
    assert reply.status == 200
    eventually(lambda: member_of(db).timezone == "America/New_York", what="the new time zone")

    new_york_0900 = dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.UTC)
    run_tick(SLOT1)  # 09:00 in Berlin, 03:00 in New York
    run_tick(new_york_0900 - MINUTE)
    assert dms(fake_slack) == []
    run_tick(new_york_0900)
    assert len(dms(fake_slack)) == 1


def test_dm_and_modal_payloads_validate(
    slack: SlackDriver, fake_slack: FakeSlack, run_tick
) -> None:
    """conftest validates every recorded payload at teardown; this makes sure there are some
    of each kind to validate: DM, update, reminder, modal."""
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    run_tick(SLOT1 + 2 * DAY)
    click_and_wait(slack, fake_slack, "checkin_swap", checkin_id, "chat.update")
    view = as_view(click_and_wait(slack, fake_slack, "checkin_did_it", checkin_id, "views.open"))
    assert json.dumps(view)
    assert fake_slack.calls_to("chat.postMessage") and fake_slack.calls_to("chat.update")


# --- edges a member would notice -----------------------------------------------------------------


def test_snooze_on_sunday_does_not_double_up_with_next_weeks_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    """On Sunday, "same time tomorrow" is next week's slot. Whether the bot takes the snooze or
    explains why not, the member gets one DM at that slot, not two, and its buttons work."""
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)  # Sunday 10:00 in Berlin
    updates, answers = count(fake_slack, "chat.update"), count(fake_slack, "response_url")
    click(slack, fake_slack, "checkin_snooze", checkin_id)
    eventually(
        lambda: count(fake_slack, "chat.update") > updates
        or count(fake_slack, "response_url") > answers,
        what="an answer to Snooze",
    )
    refused = fake_slack.calls_to("response_url")[answers:]
    if refused:  # explained instead of snoozing: the message and the row stay as they were
        assert refused[0].args.get("response_type") == "ephemeral"
        assert checkins_of(db)[0].state == "sent"

    run_tick(SLOT2)
    run_tick(SLOT2 + MINUTE)
    sent = dms(fake_slack)
    assert len(sent) == 2, [header(c) for c in sent]
    clock.now = SLOT2 + dt.timedelta(hours=1)
    update = click_and_wait(
        slack, fake_slack, "checkin_skip", buttons(sent[-1])["checkin_skip"], "chat.update"
    )
    assert "Skipped this week" in text_of(update)


def test_changing_the_schedule_after_this_weeks_dm_sends_no_second_one_this_week(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock, run_tick
) -> None:
    first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=2)
    reply = command(slack, fake_slack, "schedule friday 10:00")
    assert "Fri 4 Dec 2026 at 10:00" in reply.text
    friday = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)  # 10:00 in Berlin
    run_tick(friday)
    run_tick(friday + MINUTE)
    assert len(dms(fake_slack)) == 1
    run_tick(friday + WEEK)
    assert len(dms(fake_slack)) == 2


def test_checkin_command_while_paused_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, run_tick
) -> None:
    enrol(slack, fake_slack)
    command(slack, fake_slack, "pause")
    reply = slack.command("checkin")
    assert "paused" in reply.text and "resume" in reply.text
    run_tick(SLOT1)
    assert fake_slack.calls_to("chat.postMessage") == []


def test_checkin_command_whose_send_fails_is_delivered_by_a_later_tick(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    enrol(slack, fake_slack)
    clock.now = SLOT1 - dt.timedelta(hours=1)
    from bot.devtools.fake_slack import ScriptedReply

    fake_slack.script("chat.postMessage", ScriptedReply(200, {"ok": False, "error": "fatal_error"}))
    reply = command(slack, fake_slack, "checkin")
    assert "on its way" in reply.text
    fake_slack.wait_for("chat.postMessage")
    [row] = checkins_of(db)
    assert row.state == "pending"

    run_tick(clock.now + MINUTE)
    run_tick(SLOT1)
    run_tick(SLOT1 + MINUTE)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert checkins_of(db)[0].state == "sent"


def test_did_it_modal_submitted_after_the_week_rolled_over_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + 6 * DAY
    view = as_view(click_and_wait(slack, fake_slack, "checkin_did_it", checkin_id, "views.open"))
    run_tick(SLOT2)
    clock.now = SLOT2 + MINUTE
    before = snapshot(db)

    reply = slack.submit(view, {"outcome": "Mentored Sam", "item": None, "evidence": None})
    body = reply.json()
    assert body.get("response_action") == "errors", reply.body
    assert "earlier week" in json.dumps(body["errors"])
    assert snapshot(db) == before


def test_every_swap_click_gets_an_answer_even_after_every_move_was_shown(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock, run_tick
) -> None:
    _, checkin_id = first_checkin(slack, fake_slack, run_tick)
    clock.now = SLOT1 + dt.timedelta(hours=1)
    regular = sum(1 for m in MOVES.values() if m.kind.value == "regular")

    def answers() -> int:
        return count(fake_slack, "chat.update") + count(fake_slack, "response_url")

    for click_number in range(1, regular + 3):
        before = answers()
        reply = slack.click("checkin_swap", value=checkin_id, container="message")
        assert reply.status == 200, f"Swap click {click_number} failed: {reply.status} {reply.body}"
        eventually(
            lambda before=before: answers() > before,
            what=f"an answer to Swap click {click_number} (of {regular} regular moves)",
        )
