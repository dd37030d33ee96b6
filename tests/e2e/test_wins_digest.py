"""Wins, the team channel and the weekly team digest end to end: log wins with the slash command,
the modal and the Home tab, pick a team channel, turn the digest on in a channel, tick the
scheduler at chosen instants and read what the channel would see.

The frozen clock starts on Monday 23 November 2026, 15:00 UTC. U1 is in Europe/Berlin (UTC+1 in
winter), so the default digest slot, Friday 16:00 in the caller's zone, is Friday 27 November
15:00 UTC. U2 is in America/New_York.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.jobs.digests import DigestDelivery
from bot.models import Digest, DigestPost, Member, Win
from bot.slack import ids
from bot.slack.client import SlackClient, make_web_client
from tests.support.clock import START, FrozenClock
from tests.support.home_helpers import count, home_after, modal_after
from tests.support.readers import (
    as_view,
    data_text,
    input_block,
    markup_text,
    mrkdwn_texts,
    text_of,
)
from tests.support.slack_requests import TEAM, Reply, SlackDriver

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)
# Friday 27 November 2026, 16:00 in Berlin: the first default digest after `digest on` by U1.
DUE1 = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
DUE2 = DUE1 + WEEK
TEAM_C1 = "<#C1|team>"  # what Slack sends for #team picked from the autocomplete


# --- helpers ---------------------------------------------------------------------------------


def say(slack: SlackDriver, text: str, *, user: str = "U1", channel: str = "C999") -> Reply:
    """`/mgr-goal <text>` whose answer is the ack itself (nothing stored, nothing to wait for)."""
    reply = slack.command(text, user=user, channel=channel)
    assert reply.status == 200, reply.body
    return reply


def change(
    slack: SlackDriver, fake: FakeSlack, text: str, *, user: str = "U1", channel: str = "C999"
) -> Reply:
    """A command that stores something: returns once the Home tab it republishes arrived (for a
    new member that is after their Slack time zone is stored)."""
    before = count(fake, "views.publish")
    reply = say(slack, text, user=user, channel=channel)
    home_after(fake, before=before, user=user)
    return reply


def ephemeral(reply: Reply) -> str:
    body = reply.json()
    assert body.get("response_type") == "ephemeral", reply.body
    return reply.text


def digest_command(
    slack: SlackDriver, fake: FakeSlack, text: str = "digest on", *, user: str = "U1", channel: str
) -> str:
    """`digest on …` acks empty, announces, then answers via response_url: that answer."""
    before = count(fake, "response_url")
    reply = say(slack, text, user=user, channel=channel)
    assert reply.body == "", f"digest on answers after the ack, got {reply.body!r}"
    call = fake.wait_for("response_url", before + 1)[before]
    assert call.args.get("response_type") == "ephemeral", call.args
    return data_text(call.args)


def posts_to(fake: FakeSlack, channel: str) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def top_level(fake: FakeSlack, channel: str) -> list[Call]:
    return [c for c in posts_to(fake, channel) if "thread_ts" not in c.args]


def in_thread(fake: FakeSlack, channel: str) -> list[Call]:
    return [c for c in posts_to(fake, channel) if "thread_ts" in c.args]


def last_home(fake: FakeSlack, user: str = "U1") -> dict[str, Any]:
    published = [c for c in fake.calls_to("views.publish") if c.args["user_id"] == user]
    assert published, f"no Home tab published for {user}"
    return as_view(published[-1].args["view"])


def win_menu(view: dict[str, Any], snippet: str) -> list[str]:
    """The option values of the Home win row whose text contains `snippet`."""
    for block in view["blocks"]:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == ids.HOME_WIN_MENU and snippet in block["text"]["text"]:
            return [o["value"] for o in accessory["options"]]
    raise AssertionError(f"no win row with {snippet!r} in the Home tab")


def choose(slack: SlackDriver, fake: FakeSlack, value: str, *, user: str = "U1") -> dict:
    """Pick `value` in a Home win menu; returns the Home tab republished after it."""
    before = count(fake, "views.publish")
    reply = slack.click(ids.HOME_WIN_MENU, selected=value, user=user)
    assert reply.status == 200, reply.body
    return home_after(fake, before=before, user=user)


def wins_of(db: Database, user: str = "U1") -> list[Win]:
    with db.session() as session:
        return list(
            session.scalars(
                select(Win)
                .join(Member, Member.id == Win.member_id)
                .where(Member.team_id == TEAM, Member.user_id == user)
                .order_by(Win.id)
            )
        )


def win_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Win)) or 0


def digest_of(db: Database, channel: str) -> Digest | None:
    with db.session() as session:
        return session.scalar(
            select(Digest).where(Digest.team_id == TEAM, Digest.channel_id == channel)
        )


def digest_posts(db: Database) -> list[DigestPost]:
    with db.session() as session:
        return list(session.scalars(select(DigestPost).order_by(DigestPost.id)))


def team_with_digest(slack: SlackDriver, fake: FakeSlack, *users: str) -> None:
    """Each user picks #team (C1) as their team channel; U1 turns the digest on in C1."""
    for user in users or ("U1",):
        change(slack, fake, f"team {TEAM_C1}", user=user)
    digest_command(slack, fake, channel="C1")


def new_posts(fake: FakeSlack, channel: str, before: int) -> list[Call]:
    return posts_to(fake, channel)[before:]


def everything_sent(fake: FakeSlack) -> str:
    """Every text the bot sent anywhere except Home tabs: messages, replies, modals."""
    return "\n".join(
        data_text(c.args)
        for c in fake.calls
        if c.method in ("chat.postMessage", "chat.update", "response_url", "views.open")
    )


# --- logging wins ----------------------------------------------------------------------------


def test_a_shared_win_says_which_digest_it_goes_into_once_that_digest_is_on(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    team_with_digest(slack, fake_slack)

    shown = ephemeral(change(slack, fake_slack, "win Gave the brown-bag talk share"))

    assert "It goes into the next weekly digest in <#C1>" in shown
    assert "Nobody else sees it" not in shown


def test_win_with_all_options_is_private_by_default_and_share_shares_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    change(slack, fake_slack, "add Mentor the new hire area coaching")

    reply = change(slack, fake_slack, "win Ran my first design review area communication for #1")
    shown = ephemeral(reply)
    assert "Win logged" in shown
    assert "Ran my first design review" in shown
    assert "communication" in shown and "for #1" in shown
    assert "Only you can see it" in shown
    assert "shared with your team" not in shown

    # Options in another order, a two-word area, and `share`.
    reply = change(
        slack,
        fake_slack,
        "win Paired on the incident write-up share for #1 area problem solving",
    )
    shown = ephemeral(reply)
    assert "Paired on the incident write-up" in shown
    assert "shared with your team" in shown and "Only you can see it" not in shown
    assert "Nobody else sees it for now" in shown and "/mgr-goal team #channel" in shown

    change(slack, fake_slack, f"team {TEAM_C1}")
    shown = ephemeral(change(slack, fake_slack, "win Gave the brown-bag talk share"))
    assert "<#C1> has no weekly digest on" in shown and "/mgr-goal digest on" in shown

    private, shared, talk = wins_of(db)
    assert (private.text, private.area, private.shared, private.shared_at) == (
        "Ran my first design review",
        "communication",
        False,
        None,
    )
    assert private.item_id is not None and private.happened_on == dt.date(2026, 11, 23)
    assert (shared.text, shared.area, shared.shared) == (
        "Paired on the incident write-up",
        "problem_solving",
        True,
    )
    assert shared.item_id == private.item_id and shared.shared_at == START
    # No area given, no item: nothing is made up.
    assert (talk.area, talk.item_id, talk.shared) == (None, None, True)


def test_a_win_for_an_item_takes_the_items_area(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    change(slack, fake_slack, "add Mentor the new hire area coaching")
    change(slack, fake_slack, "win First 1:1 with the new hire for #1")
    [win] = wins_of(db)
    assert win.area == "coaching"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("win Ran the retro area cooking", "`cooking` isn't a skill area", id="area"),
        pytest.param(
            "win Ran the retro area cooking share", "`cooking` isn't a skill area", id="area+share"
        ),
        pytest.param("win Ran the retro for #7", "#7 isn't on your list", id="no-such-item"),
        pytest.param("win Ran the retro for #seven", "isn't an item number", id="bad-number"),
        pytest.param(
            "win Ran the retro for #x share area coaching",
            "isn't an item number",
            id="bad-number+options",
        ),
        pytest.param("win area coaching share", "What was the win?", id="only-options"),
        pytest.param("win share", "What was the win?", id="only-share"),
        pytest.param("win " + "x" * 501, "501 characters", id="501-chars"),
        pytest.param("win " + "é" * 600 + " share", "600 characters", id="600-chars-share"),
    ],
)
def test_bad_win_gives_a_clear_error_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str, expected: str
) -> None:
    shown = ephemeral(say(slack, text))
    assert expected in shown, shown
    assert win_count(db) == 0
    assert "No wins logged yet" in say(slack, "wins").text
    assert count(fake_slack, "views.publish") == 0


def test_bad_area_error_lists_the_areas_and_a_500_char_win_is_fine(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    shown = say(slack, "win Ran the retro area cooking").text
    for area in ("coaching", "communication", "knowledge sharing", "problem solving"):
        assert area in shown
    change(slack, fake_slack, "win " + "y" * 500)
    [win] = wins_of(db)
    assert len(win.text) == 500


def test_wins_lists_recent_wins_newest_first_with_who_sees_each(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    assert "No wins logged yet" in ephemeral(say(slack, "wins"))
    change(slack, fake_slack, "add Mentor the new hire")
    change(slack, fake_slack, "win Ran the retro area communication")
    change(slack, fake_slack, "win Unblocked the release for #1 share")

    shown = ephemeral(say(slack, "wins"))
    assert "Your recent wins" in shown
    newest, oldest = shown.index("Unblocked the release"), shown.index("Ran the retro")
    assert newest < oldest, "newest first"
    lines = {line for line in shown.splitlines() if "•" in line}
    [retro] = [line for line in lines if "Ran the retro" in line]
    [release] = [line for line in lines if "Unblocked the release" in line]
    assert "private" in retro and "communication" in retro
    assert "shared with your team" in release and "for #1" in release
    assert "Showing 2 of 2" in shown
    # Another person's list is their own.
    assert "No wins logged yet" in say(slack, "wins", user="U2").text


def test_home_shows_recent_wins_counts_per_area_and_a_menu_per_win(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    change(slack, fake_slack, "win Coached Ana through her first review area coaching")
    change(slack, fake_slack, "win Coached Ben on estimates area coaching share")
    change(slack, fake_slack, "win Wrote the incident summary area communication")
    change(slack, fake_slack, "win Fixed the flaky build")

    home = last_home(fake_slack)
    shown = data_text(home)
    assert "Wins (4)" in shown
    assert "coaching: 2 · communication: 1" in shown
    for text in ("Coached Ana", "Coached Ben", "Wrote the incident summary", "Fixed the flaky"):
        assert text in shown
    assert "No team channel yet" in shown
    by_text = {w.text.split()[1]: w.id for w in wins_of(db)}
    assert win_menu(home, "Coached Ana") == [f"share:{by_text['Ana']}", f"blurb:{by_text['Ana']}"]
    assert win_menu(home, "Coached Ben") == [
        f"unshare:{by_text['Ben']}",
        f"blurb:{by_text['Ben']}",
    ]
    buttons = {
        e["action_id"] for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]
    }
    assert ids.HOME_LOG_WIN in buttons

    change(slack, fake_slack, f"team {TEAM_C1}")
    assert "<#C1> has no weekly digest on, so nobody else sees" in data_text(last_home(fake_slack))


def test_sharing_and_unsharing_from_the_home_menu_changes_the_next_digest(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Wrote the onboarding guide")
    change(slack, fake_slack, "win Gave the brown-bag talk share")

    home = last_home(fake_slack)
    share_guide = win_menu(home, "onboarding guide")[0]
    unshare_talk = win_menu(home, "brown-bag talk")[0]
    assert share_guide.startswith("share:") and unshare_talk.startswith("unshare:")

    home = choose(slack, fake_slack, share_guide)
    assert win_menu(home, "onboarding guide")[0] == share_guide.replace("share:", "unshare:")
    home = choose(slack, fake_slack, unshare_talk)
    assert win_menu(home, "brown-bag talk")[0] == unshare_talk.replace("unshare:", "share:")
    guide, talk = wins_of(db)
    assert (guide.shared, talk.shared, talk.shared_at) == (True, False, None)

    preview = ephemeral(say(slack, "digest preview", channel="C1"))
    assert "Wrote the onboarding guide" in preview and "brown-bag" not in preview

    before = len(posts_to(fake_slack, "C1"))
    run_tick(DUE1)
    summary, details = new_posts(fake_slack, "C1", before)
    assert "<@U1> (1 win)" in text_of(summary)
    assert "Wrote the onboarding guide" in text_of(details)
    assert "brown-bag" not in text_of(summary) + text_of(details)


def test_a_menu_choice_for_someone_elses_win_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    change(slack, fake_slack, "win Wrote the onboarding guide")
    [win] = wins_of(db)
    before = count(fake_slack, "views.open")
    reply = slack.click(ids.HOME_WIN_MENU, selected=f"share:{win.id}", user="U2")
    assert reply.status == 200
    notice = modal_after(fake_slack, before=before)
    assert "isn't in your log" in data_text(notice)
    [win] = wins_of(db)
    assert win.shared is False


# --- the "Log a win" modal -------------------------------------------------------------------


def open_win_modal(slack: SlackDriver, fake: FakeSlack) -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = say(slack, "win")
    assert reply.body == "", f"the modal replaces a reply, got {reply.body!r}"
    view = modal_after(fake, before=before)
    assert view["callback_id"] == ids.WIN_MODAL
    return view


def test_win_alone_opens_the_modal_and_saving_with_share_stores_a_shared_win(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_win_modal(slack, fake_slack)
    blocks = {b.get("block_id") for b in view["blocks"]}
    assert {ids.WIN_TEXT_BLOCK, ids.WIN_DATE_BLOCK, ids.WIN_AREA_BLOCK, ids.WIN_SHARE_BLOCK} <= (
        blocks
    )
    assert ids.WIN_ITEM_BLOCK not in blocks, "no list items yet, so no item picker"
    assert input_block(view, ids.WIN_DATE_BLOCK)["element"]["initial_date"] == "2026-11-23"
    share = input_block(view, ids.WIN_SHARE_BLOCK)
    assert share["optional"] is True and not share["element"].get("initial_options")

    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view,
        {
            ids.WIN_TEXT_BLOCK: "  Ran the quarterly planning session  ",
            ids.WIN_DATE_BLOCK: "2026-11-20",
            ids.WIN_AREA_BLOCK: "business_sense",
            ids.WIN_SHARE_BLOCK: [ids.SHARE_OPTION],
        },
    )
    assert reply.status == 200 and reply.body == "", reply.body
    home = home_after(fake_slack, before=before)
    assert "Ran the quarterly planning session" in data_text(home)

    [win] = wins_of(db)
    assert win.text == "Ran the quarterly planning session"
    assert win.happened_on == dt.date(2026, 11, 20)
    assert (win.area, win.shared, win.shared_at) == ("business_sense", True, START)


def test_home_button_opens_the_modal_with_the_list_items_and_unchecked_share_is_private(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    change(slack, fake_slack, "add Mentor the new hire area coaching")
    before = count(fake_slack, "views.open")
    reply = slack.click(ids.HOME_LOG_WIN, value="win")
    assert reply.status == 200
    view = modal_after(fake_slack, before=before)
    assert view["callback_id"] == ids.WIN_MODAL
    options = input_block(view, ids.WIN_ITEM_BLOCK)["element"]["options"]
    [item_option] = options
    assert item_option["text"]["text"].startswith("#1 Mentor the new hire")

    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view,
        {
            ids.WIN_TEXT_BLOCK: "Pairing session with the new hire",
            ids.WIN_DATE_BLOCK: "2026-11-23",
            ids.WIN_ITEM_BLOCK: item_option["value"],
        },
    )
    assert reply.body == "", reply.body
    home_after(fake_slack, before=before)
    [win] = wins_of(db)
    assert (win.shared, win.shared_at, win.area) == (False, None, "coaching")
    assert str(win.item_id) == item_option["value"]


@pytest.mark.parametrize(
    ("values", "bad_block", "expected"),
    [
        pytest.param(
            {ids.WIN_TEXT_BLOCK: "Ran the retro", ids.WIN_DATE_BLOCK: "2026-11-24"},
            ids.WIN_DATE_BLOCK,
            "future",
            id="tomorrow",
        ),
        pytest.param(
            {ids.WIN_TEXT_BLOCK: "   ", ids.WIN_DATE_BLOCK: "2026-11-23"},
            ids.WIN_TEXT_BLOCK,
            "Say what the win was",
            id="blank",
        ),
        pytest.param(
            {ids.WIN_TEXT_BLOCK: "z" * 501, ids.WIN_DATE_BLOCK: "2026-11-23"},
            ids.WIN_TEXT_BLOCK,
            "501",
            id="501-chars",
        ),
    ],
)
def test_bad_modal_submission_shows_an_inline_error_and_stores_nothing(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    values: dict[str, Any],
    bad_block: str,
    expected: str,
) -> None:
    view = open_win_modal(slack, fake_slack)
    values = {**values, ids.WIN_SHARE_BLOCK: [ids.SHARE_OPTION]}
    reply = slack.submit(view, values)
    assert reply.status == 200
    body = reply.json()
    assert body.get("response_action") == "errors", reply.body
    assert set(body["errors"]) == {bad_block}
    assert expected in body["errors"][bad_block]
    assert win_count(db) == 0


def test_the_modal_date_is_the_members_local_today(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """23:30 UTC on Monday is already Tuesday in Berlin: Tuesday is today, not the future."""
    change(slack, fake_slack, "team off")  # enrols U1 with their Slack time zone
    clock.now = dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC)
    view = open_win_modal(slack, fake_slack)
    assert input_block(view, ids.WIN_DATE_BLOCK)["element"]["initial_date"] == "2026-11-24"
    before = count(fake_slack, "views.publish")
    reply = slack.submit(view, {ids.WIN_TEXT_BLOCK: "Late fix", ids.WIN_DATE_BLOCK: "2026-11-24"})
    assert reply.body == "", reply.body
    home_after(fake_slack, before=before)
    [win] = wins_of(db)
    assert win.happened_on == dt.date(2026, 11, 24)


# --- the team channel ------------------------------------------------------------------------


def test_team_sets_shows_and_clears_the_team_channel(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    assert "You have no team channel yet" in ephemeral(say(slack, "team"))

    shown = ephemeral(change(slack, fake_slack, f"team {TEAM_C1}"))
    assert "Your team channel is now <#C1>" in shown
    assert "digest isn't on yet" in shown and "/mgr-goal digest on" in shown
    assert "Your team channel is <#C1>" in say(slack, "team").text

    digest_command(slack, fake_slack, channel="C1")
    shown = change(slack, fake_slack, f"team {TEAM_C1}").text
    assert "Its weekly digest is on" in shown

    # Another channel replaces it; Slack may send a channel without its name.
    change(slack, fake_slack, "team <#C2>")
    assert "Your team channel is <#C2>" in say(slack, "team").text

    assert "You have no team channel now" in ephemeral(change(slack, fake_slack, "team off"))
    assert "You have no team channel yet" in say(slack, "team").text


@pytest.mark.parametrize(
    "text",
    [
        "team general",
        "team #general",  # typed without picking it: Slack sends it as plain text
        "team <@U2|sam>",
        f"team {TEAM_C1} <#C2|other>",
        "team <#D123|dm>",
        "team <!here>",
    ],
)
def test_team_with_garbage_is_an_error_and_keeps_the_channel(
    slack: SlackDriver, fake_slack: FakeSlack, text: str
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    reply = say(slack, text)
    shown = ephemeral(reply)
    assert "isn't a channel I can find" in shown and "/mgr-goal team #your-team" in shown
    for markup in ("<@U2", "<!here>", "<#D123"):
        assert markup not in markup_text(reply.json()), markup
    assert "Your team channel is <#C1>" in say(slack, "team").text


def test_setup_modal_sets_the_team_channel(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    before = count(fake_slack, "views.open")
    say(slack, "setup")
    view = modal_after(fake_slack, before=before)
    block = input_block(view, ids.TEAM_CHANNEL_BLOCK)
    assert block["element"]["type"] == "conversations_select"
    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view,
        {
            ids.CHECKIN_DAY_BLOCK: "0",
            ids.CHECKIN_TIME_BLOCK: "09:00",
            ids.TEAM_CHANNEL_BLOCK: "C1",
        },
    )
    assert reply.body == "", reply.body
    home_after(fake_slack, before=before)
    assert "Your team channel is <#C1>" in say(slack, "team").text

    before = count(fake_slack, "views.open")
    say(slack, "setup")
    view = modal_after(fake_slack, before=before)
    assert input_block(view, ids.TEAM_CHANNEL_BLOCK)["element"]["initial_conversation"] == "C1"


# --- turning the digest on and off -----------------------------------------------------------


def test_digest_on_announces_in_the_channel_and_replies_in_the_callers_time_zone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    answer = digest_command(slack, fake_slack, channel="C1")
    assert "every Friday at 16:00 (Europe/Berlin)" in answer
    assert "first one posts Fri 27 Nov 2026 at 16:00" in answer
    assert "past 7 days" in answer and "told the channel" in answer

    [announcement] = posts_to(fake_slack, "C1")
    shown = text_of(announcement)
    assert "<@U1> turned on a weekly digest" in shown
    assert "Friday at 16:00 (Europe/Berlin)" in shown
    assert "`/mgr-goal team` and pick <#C1>" in shown and "/mgr-goal digest off" in shown

    digest = digest_of(db, "C1")
    assert digest is not None and digest.enabled
    assert digest.next_due_at == DUE1  # 16:00 in Berlin is 15:00 UTC
    assert (digest.timezone, digest.turned_on_by) == ("Europe/Berlin", "U1")

    status = ephemeral(say(slack, "digest", channel="C1"))
    assert "every Friday at 16:00 (Europe/Berlin)" in status
    assert "Next one: Fri 27 Nov 2026 at 16:00" in status

    # Same schedule again: a status reply, and the channel isn't told twice.
    assert "every Friday at 16:00" in ephemeral(say(slack, "digest on", channel="C1"))
    assert len(posts_to(fake_slack, "C1")) == 1

    # A New Yorker's default Friday 16:00 is 21:00 UTC.
    answer = digest_command(slack, fake_slack, user="U2", channel="C2")
    assert "every Friday at 16:00 (America/New_York)" in answer
    digest = digest_of(db, "C2")
    assert digest is not None
    assert digest.next_due_at == dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)


def test_digest_on_a_chosen_day_and_time_moves_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    digest_command(slack, fake_slack, channel="C1")
    answer = digest_command(slack, fake_slack, "digest on thursday 15:30", channel="C1")
    assert "every Thursday at 15:30 (Europe/Berlin)" in answer
    assert "Thu 26 Nov 2026 at 15:30" in answer
    _, moved = posts_to(fake_slack, "C1")
    assert "<@U1> moved the weekly digest" in text_of(moved)
    assert "Thursday at 15:30" in text_of(moved)
    digest = digest_of(db, "C1")
    assert digest is not None
    assert digest.next_due_at == dt.datetime(2026, 11, 26, 14, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digest on someday", "`someday` isn't a weekday"),
        ("digest on friday 25:00", "`25:00` isn't a time of day"),
        ("digest sometimes", "isn't a digest command"),
    ],
)
def test_bad_digest_commands_explain_and_change_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str, expected: str
) -> None:
    shown = ephemeral(say(slack, text, channel="C1"))
    assert expected in shown and "digest on thursday 15:30" in shown
    assert digest_of(db, "C1") is None
    assert posts_to(fake_slack, "C1") == []


def test_digest_off_turns_it_off_and_the_tick_posts_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Gave the brown-bag talk share")

    reply = say(slack, "digest off", channel="C1")
    assert "The weekly digest is off in this channel" in ephemeral(reply)
    fake_slack.wait_for("chat.postMessage", 2)
    _, goodbye = posts_to(fake_slack, "C1")
    assert "<@U1> turned off the weekly digest" in text_of(goodbye)
    digest = digest_of(db, "C1")
    assert digest is not None and not digest.enabled and digest.next_due_at is None

    assert "is off in this channel" in say(slack, "digest", channel="C1").text
    assert "isn't on in this channel" in say(slack, "digest off", channel="C1").text

    before = len(posts_to(fake_slack, "C1"))
    for at in (DUE1, DUE1 + HOUR, DUE2):
        run_tick(at)
    assert new_posts(fake_slack, "C1", before) == []
    assert digest_posts(db) == []

    # On again later: the first digest covers the past 7 days, so the win is still there.
    assert "every Friday at 16:00" in digest_command(slack, fake_slack, channel="C1")


def test_digest_preview_shows_the_shared_wins_only_to_the_caller(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Ran the R&amp;D sync area communication share")
    change(slack, fake_slack, "win Something private")
    posted = count(fake_slack, "chat.postMessage")
    answered = count(fake_slack, "response_url")

    # Anyone in the channel may preview what its digest would post.
    reply = say(slack, "digest preview", user="U2", channel="C1")
    shown = ephemeral(reply)
    assert "Preview (only you see this)" in shown
    assert "Ran the R&amp;D sync" in shown
    assert "<@U1> (1 win)" in shown and "Areas: communication" in shown
    assert "Something private" not in shown
    assert count(fake_slack, "chat.postMessage") == posted
    assert count(fake_slack, "response_url") == answered


def test_digest_preview_on_an_empty_week_says_nothing_would_post(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Something private")
    shown = ephemeral(say(slack, "digest preview", channel="C1"))
    assert "Nothing would post right now" in shown and "posts nothing" in shown
    assert "Something private" not in shown
    assert len(posts_to(fake_slack, "C1")) == 1  # only the announcement


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_digest_on_where_the_bot_isnt_explains_how_to_invite_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick, error: str
) -> None:
    change(slack, fake_slack, f"team {TEAM_C1}")
    change(slack, fake_slack, "win Gave the brown-bag talk share")
    fake_slack.script("chat.postMessage", ScriptedReply(200, {"ok": False, "error": error}))

    answer = digest_command(slack, fake_slack, channel="C1")
    assert "/invite @mgr-goal" in answer and "<#C1>" in answer
    assert "digest on` again" in answer
    assert "The weekly digest is on" not in answer
    assert digest_of(db, "C1") is None
    assert "is off in this channel" in say(slack, "digest", channel="C1").text

    attempts = len(posts_to(fake_slack, "C1"))
    assert attempts == 1
    for at in (DUE1, DUE2):
        run_tick(at)
    assert len(posts_to(fake_slack, "C1")) == attempts
    assert digest_posts(db) == []

    # After the invite, `digest on` again works.
    assert "The weekly digest is on here" in digest_command(slack, fake_slack, channel="C1")


def test_digest_on_when_slack_refuses_the_announcement_says_it_is_still_off(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.script("chat.postMessage", ScriptedReply(200, {"ok": False, "error": "fatal_error"}))
    answer = digest_command(slack, fake_slack, channel="C1")
    assert "the digest is still off" in answer and "Try again in a minute" in answer
    assert digest_of(db, "C1") is None
    assert "The weekly digest is on here" in digest_command(slack, fake_slack, channel="C1")


@pytest.mark.parametrize("text", ["digest on", "digest preview", "digest off", "digest"])
def test_digest_from_a_dm_refuses(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str
) -> None:
    shown = ephemeral(say(slack, text, channel="D0123ABC"))
    assert "Run this in your team's channel" in shown
    assert fake_slack.calls_to("chat.postMessage") == []
    assert fake_slack.calls_to("response_url") == []
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Digest)) == 0


# --- the weekly post -------------------------------------------------------------------------


def test_the_tick_posts_the_digest_once_summary_then_details_in_the_thread(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    team_with_digest(slack, fake_slack, "U1", "U2")
    # What Slack sends when someone types "Fixed R&D <!channel> hand-off <@U9>".
    change(
        slack,
        fake_slack,
        "win Fixed R&amp;D &lt;!channel&gt; hand-off &lt;@U9&gt; area coaching share",
    )
    change(slack, fake_slack, "win Ran the retro share")
    change(slack, fake_slack, "win Wrote the RFC area communication share", user="U2")
    before = len(posts_to(fake_slack, "C1"))

    assert run_tick(DUE1 - MINUTE).get("digests_posted") is None
    assert new_posts(fake_slack, "C1", before) == []

    done = run_tick(DUE1)
    assert done.get("digests_posted") == 1
    summary, details = new_posts(fake_slack, "C1", before)
    assert "thread_ts" not in summary.args
    [post] = digest_posts(db)
    assert (post.state, post.wins, post.week) == ("sent", 3, "2026-W48")
    assert details.args["thread_ts"] == post.ts

    head = text_of(summary)
    assert "2 people shared 3 wins" in head
    assert "<@U1> (2 wins), <@U2> (1 win)" in head
    assert "Areas: coaching, communication" in head
    assert "Details in the thread" in head
    assert "Fixed R" not in head, "the summary stays short; the wins are in the thread"

    body = text_of(details)
    assert "Fixed R&amp;D &lt;!channel&gt; hand-off &lt;@U9&gt;" in body
    assert "Ran the retro" in body and "Wrote the RFC" in body
    assert "*<@U1>*" in body and "*<@U2>*" in body
    assert "Mon 23 Nov 2026 · _coaching_" in body
    for text in mrkdwn_texts(summary) + mrkdwn_texts(details):
        assert "<!channel>" not in text and "<@U9>" not in text, text

    # The same instant again, later that day, and another process running the digests.
    for at in (DUE1, DUE1 + MINUTE, DUE1 + 5 * HOUR):
        assert "digests_posted" not in run_tick(at)
    web = make_web_client(token="xoxb-test", base_url=fake_slack.api_url)
    other_process = DigestDelivery(db=db, slack=SlackClient(web))
    assert other_process.run(DUE1 + 2 * MINUTE) == {}
    assert len(new_posts(fake_slack, "C1", before)) == 2
    assert len(digest_posts(db)) == 1


def test_a_second_process_at_the_same_instant_posts_nothing_more(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Ran the retro share")
    before = len(posts_to(fake_slack, "C1"))
    web = make_web_client(token="xoxb-test", base_url=fake_slack.api_url)
    first = DigestDelivery(db=db, slack=SlackClient(web)).run(DUE1)
    second = DigestDelivery(db=db, slack=SlackClient(web)).run(DUE1)
    assert first == {"digests_posted": 1} and second == {}
    run_tick(DUE1)
    assert len(new_posts(fake_slack, "C1", before)) == 2


def test_an_empty_week_posts_nothing_and_the_next_week_still_posts(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Something private")
    before = len(posts_to(fake_slack, "C1"))

    assert run_tick(DUE1).get("digests_empty") == 1
    assert new_posts(fake_slack, "C1", before) == []
    [post] = digest_posts(db)
    assert post.state == "empty"

    clock.now = DUE1 + DAY
    change(slack, fake_slack, "win Ran the retro share")
    run_tick(DUE2)
    summary, details = new_posts(fake_slack, "C1", before)
    assert "1 person shared 1 win" in text_of(summary)
    assert "Ran the retro" in text_of(details)
    assert "Something private" not in text_of(details)


def test_the_next_weeks_digest_covers_only_wins_shared_after_the_previous_one(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    # Shared eight days before the first digest: older than its 7-day window.
    clock.now = DUE1 - 8 * DAY
    change(slack, fake_slack, f"team {TEAM_C1}")
    change(slack, fake_slack, "win Too old for the first digest share")
    clock.now = START
    digest_command(slack, fake_slack, channel="C1")
    change(slack, fake_slack, "win Shipped the onboarding guide share")
    change(slack, fake_slack, "win Kept this one to myself")
    before = len(posts_to(fake_slack, "C1"))

    run_tick(DUE1)
    _, first = new_posts(fake_slack, "C1", before)
    assert "Shipped the onboarding guide" in text_of(first)
    assert "Too old" not in text_of(first) and "Kept this one" not in text_of(first)

    # After the first digest: a new shared win, and an older private win shared now.
    clock.now = DUE1 + HOUR
    change(slack, fake_slack, "win Led the incident review share")
    choose(slack, fake_slack, win_menu(last_home(fake_slack), "Kept this one")[0])
    before = len(posts_to(fake_slack, "C1"))

    run_tick(DUE2 - MINUTE)
    assert new_posts(fake_slack, "C1", before) == []
    run_tick(DUE2)
    summary, second = new_posts(fake_slack, "C1", before)
    assert "1 person shared 2 wins" in text_of(summary)
    shown = text_of(second)
    assert "Led the incident review" in shown and "Kept this one to myself" in shown
    assert "Shipped the onboarding guide" not in shown and "Too old" not in shown
    week1, week2 = digest_posts(db)
    assert week2.window_start == week1.window_end == DUE1
    assert week2.window_end == DUE2


def test_moving_the_digest_earlier_never_repeats_a_win(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    # Thursday 26 November, 17:00 in Berlin: in the first Friday digest.
    clock.now = dt.datetime(2026, 11, 26, 16, 0, tzinfo=dt.UTC)
    change(slack, fake_slack, "win Thursday evening demo share")
    run_tick(DUE1)
    assert "Thursday evening demo" in text_of(in_thread(fake_slack, "C1")[-1])

    # Moved to Thursdays 15:30: the next one covers Friday's digest onwards, not 7 days back.
    clock.now = DUE1 + HOUR
    digest_command(slack, fake_slack, "digest on thursday 15:30", channel="C1")
    change(slack, fake_slack, "win Friday afternoon fix share")
    before = len(posts_to(fake_slack, "C1"))
    run_tick(dt.datetime(2026, 12, 3, 14, 30, tzinfo=dt.UTC))
    summary, details = new_posts(fake_slack, "C1", before)
    assert "1 person shared 1 win" in text_of(summary)
    assert "Friday afternoon fix" in text_of(details)
    assert "Thursday evening demo" not in text_of(details)


def test_after_weeks_without_a_tick_every_shared_win_is_posted_exactly_once(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win First week win share")
    run_tick(DUE1)
    before = len(posts_to(fake_slack, "C1"))
    for day, text in ((DUE1 + HOUR, "Second week win"), (DUE2 + HOUR, "Third week win")):
        clock.now = day
        change(slack, fake_slack, f"win {text} share")

    # Nothing ran for two weeks; then ticks resume every week.
    run_tick(DUE2 + WEEK + MINUTE)
    assert len(top_level(fake_slack, "C1")) == 3, "one catch-up digest, not one per missed week"
    # The late digest covers everything shared up to when it ran, not just the missed week.
    catch_up = "\n".join(text_of(c) for c in new_posts(fake_slack, "C1", before))
    assert "Second week win" in catch_up and "Third week win" in catch_up
    for at in (DUE2 + 2 * WEEK, DUE2 + 3 * WEEK):
        run_tick(at)
    sent = new_posts(fake_slack, "C1", before)
    threads = "\n".join(text_of(c) for c in sent if "thread_ts" in c.args)
    for text in ("Second week win", "Third week win"):
        assert threads.count(text) == 1, text
    assert "First week win" not in threads


def test_a_500_on_the_thread_reply_is_retried_later_without_a_second_summary(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Ran the retro share")
    before = len(posts_to(fake_slack, "C1"))
    # The summary goes through; the thread reply gets a 500 on every attempt the Slack client
    # makes in this tick (the first and its two retries).
    fake_slack.script(
        "chat.postMessage",
        ScriptedReply(200, {"ok": True, "channel": "C1", "ts": "1800.000100"}),
        *[ScriptedReply(500, {"ok": False, "error": "internal_error"})] * 3,
    )

    assert run_tick(DUE1) == {"digests_failed": 1}
    [summary, *failed] = new_posts(fake_slack, "C1", before)
    assert "thread_ts" not in summary.args
    assert len(failed) == 3 and all(c.args["thread_ts"] == "1800.000100" for c in failed)
    [post] = digest_posts(db)
    assert (post.state, post.ts, post.attempts, post.last_error) == (
        "pending",
        "1800.000100",
        1,
        "internal_error",
    )

    # Backoff: not again within the minute.
    assert run_tick(DUE1 + dt.timedelta(seconds=30)) == {}
    assert len(new_posts(fake_slack, "C1", before)) == 4

    assert run_tick(DUE1 + MINUTE) == {"digests_posted": 1}
    sent = new_posts(fake_slack, "C1", before)
    assert len(sent) == 5
    retry = sent[-1]
    assert retry.args["thread_ts"] == "1800.000100"
    assert "Ran the retro" in text_of(retry)
    assert len(top_level(fake_slack, "C1")) == 2  # the announcement and one summary
    [post] = digest_posts(db)
    assert post.state == "sent" and post.last_error is None

    for at in (DUE1 + 2 * MINUTE, DUE1 + HOUR):
        run_tick(at)
    assert len(new_posts(fake_slack, "C1", before)) == 5


def test_a_digest_after_the_bot_was_removed_stops_and_keeps_the_wins_for_later(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock, run_tick
) -> None:
    team_with_digest(slack, fake_slack)
    change(slack, fake_slack, "win Ran the retro share")
    fake_slack.script(
        "chat.postMessage", ScriptedReply(200, {"ok": False, "error": "not_in_channel"})
    )
    assert run_tick(DUE1) == {"digests_failed": 1}
    assert "is off in this channel" in say(slack, "digest", channel="C1").text
    before = len(posts_to(fake_slack, "C1"))
    run_tick(DUE1 + HOUR)
    assert new_posts(fake_slack, "C1", before) == []

    # Invited back and turned on again: the next digest still has the win that never posted.
    clock.now = DUE1 + 2 * HOUR
    digest_command(slack, fake_slack, channel="C1")
    before = len(posts_to(fake_slack, "C1"))
    run_tick(DUE2)
    _, details = new_posts(fake_slack, "C1", before)
    assert "Ran the retro" in text_of(details)


# --- privacy ---------------------------------------------------------------------------------


def test_private_wins_and_other_channels_members_never_reach_a_digest(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick
) -> None:
    fake_slack.add_user("U3", tz="Asia/Tokyo")
    team_with_digest(slack, fake_slack, "U1", "U2")
    change(slack, fake_slack, "team <#C2|other-team>", user="U3")
    # U3 turns on C2's digest: Friday 16:00 in Tokyo is 07:00 UTC, before C1's.
    answer = digest_command(slack, fake_slack, user="U3", channel="C2")
    assert "Friday at 16:00 (Asia/Tokyo)" in answer

    change(slack, fake_slack, "win PRIVATE-ONE my salary talk")
    change(slack, fake_slack, "win Shared by U1 share")
    change(slack, fake_slack, "win PRIVATE-THREE from U2", user="U2")
    change(slack, fake_slack, "win OTHER-TEAM win share", user="U3")
    # Shared and taken back before the digest.
    change(slack, fake_slack, "win PRIVATE-FOUR shared by mistake share")
    choose(slack, fake_slack, win_menu(last_home(fake_slack), "PRIVATE-FOUR")[0])

    preview = say(slack, "digest preview", channel="C1").text
    run_tick(dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC))
    run_tick(DUE1)

    c1 = "\n".join(text_of(c) for c in posts_to(fake_slack, "C1"))
    c2 = "\n".join(text_of(c) for c in posts_to(fake_slack, "C2"))
    assert "Shared by U1" in c1 and "Shared by U1" in preview
    assert "OTHER-TEAM" in c2
    assert "OTHER-TEAM" not in c1 + preview and "<@U3>" not in c1 + preview
    assert "Shared by U1" not in c2 and "<@U1> (" not in c2
    assert "<@U3> (1 win)" in c2
    assert "<@U2>" not in c1, "U2 shared nothing, so isn't listed"
    for secret in ("PRIVATE-ONE", "PRIVATE-THREE", "PRIVATE-FOUR"):
        assert secret not in everything_sent(fake_slack) + preview, secret
    # Each person's Home tab still shows their own private wins, to them only.
    assert "PRIVATE-THREE" in data_text(last_home(fake_slack, "U2"))
    assert "PRIVATE-THREE" not in data_text(last_home(fake_slack, "U1"))
    assert {p.state for p in digest_posts(db)} == {"sent"}
