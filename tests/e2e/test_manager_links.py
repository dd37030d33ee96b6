"""Manager links end to end: `/mgr-goal manager @dana`, Dana's Accept / Decline, unlinking from
either side, the manager's Home section, and every forged press that must change nothing.

U1 (Europe/Berlin) is the member; U2 (America/New_York) is asked to be their manager unless a
test says otherwise; U3 is a previous or alternative manager, U4 a bystander.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.models import ManagerLink, Member
from bot.services import manager_links
from bot.slack import ids
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after
from tests.support.readers import as_view, buttons, mrkdwn_texts, text_of
from tests.support.slack_requests import TEAM, SlackDriver

DANA = "<@U2|dana>"
PEOPLE = "People growing toward management"


# --- helpers ---------------------------------------------------------------------------------


def links_of(db: Database) -> list[ManagerLink]:
    with db.session() as session:
        return list(session.scalars(select(ManagerLink).order_by(ManagerLink.id)))


def link_row(db: Database, link_id: int) -> ManagerLink:
    with db.session() as session:
        row = session.get(ManagerLink, link_id)
        assert row is not None
        return row


def member_row(db: Database, user: str = "U1") -> Member:
    with db.session() as session:
        row = session.scalar(select(Member).where(Member.user_id == user))
        assert row is not None
        return row


def dms_to(fake: FakeSlack, user: str) -> list[Call]:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.args.get("channel") == user and "thread_ts" not in c.args
    ]


def link_dms_to(fake: FakeSlack, user: str) -> list[Call]:
    """Only the DMs about manager links."""
    return [
        c
        for c in dms_to(fake, user)
        if "manager" in str(c.args.get("text", "")).lower()
        or "link" in str(c.args.get("text", "")).lower()
    ]


def command_with_home(slack: SlackDriver, fake: FakeSlack, text: str, *, user: str) -> None:
    """A command that changes something; returns once its Home is republished."""
    before = count(fake, "views.publish")
    reply = slack.command(text, user=user)
    assert reply.status == 200, reply.body
    home_after(fake, before=before, user=user)


def ask(
    slack: SlackDriver, fake: FakeSlack, who: str = DANA, *, user: str = "U1"
) -> dict[str, Any]:
    """`/mgr-goal manager <who>` past the ack's checks: the answer comes by response_url,
    then the caller's Home is republished (the last step)."""
    before_reply, before_home = count(fake, "response_url"), count(fake, "views.publish")
    reply = slack.command(f"manager {who}", user=user)
    assert reply.status == 200, reply.body
    assert reply.body == "", f"expected an empty ack, got {reply.text!r}"
    answer = fake.wait_for("response_url", before_reply + 1)[before_reply].args
    home_after(fake, before=before_home, user=user)
    return answer


def ask_ok(
    slack: SlackDriver, fake: FakeSlack, db: Database, who: str = DANA, **kw: Any
) -> ManagerLink:
    answer = ask(slack, fake, who, **kw)
    assert "I've asked" in answer["text"], answer["text"]
    return links_of(db)[-1]


def press(
    slack: SlackDriver,
    fake: FakeSlack,
    action_id: str,
    link_id: int | str,
    *,
    user: str = "U2",
    team: str = TEAM,
    container: str = "message",
) -> None:
    reply = slack.click(action_id, value=str(link_id), user=user, team=team, container=container)
    assert reply.status == 200, reply.body


def accept(
    slack: SlackDriver, fake: FakeSlack, link_id: int, *, user: str = "U2", member: str = "U1"
) -> dict[str, Any]:
    """Accept, and wait for its last step: the member's Home, then the manager's. Returns the
    manager's Home."""
    before = count(fake, "views.publish")
    press(slack, fake, ids.MANAGER_ACCEPT, link_id, user=user)
    home_after(fake, before=before, user=member)
    return home_after(fake, before=before + 1, user=user)


def refused(
    slack: SlackDriver,
    fake: FakeSlack,
    action_id: str,
    link_id: int | str,
    *,
    user: str = "U2",
    team: str = TEAM,
) -> str:
    """A press the bot refuses beside the message: the refusal's text."""
    before = count(fake, "response_url")
    press(slack, fake, action_id, link_id, user=user, team=team)
    answer = fake.wait_for("response_url", before + 1)[before].args
    assert answer["replace_original"] is False
    return str(answer["text"])


def unlink_from_home(
    slack: SlackDriver, fake: FakeSlack, link_id: int, *, user: str = "U2", member: str = "U1"
) -> dict[str, Any]:
    """The manager's Unlink on the Home; waits for the member's Home (the last step)."""
    before = count(fake, "views.publish")
    press(slack, fake, ids.MANAGER_UNLINK, link_id, user=user, container="view")
    manager_home = home_after(fake, before=before, user=user)
    home_after(fake, before=before + 1, user=member)
    return manager_home


def active(db: Database, manager: str = "U2", member: str = "U1") -> ManagerLink | None:
    with db.session() as session:
        return manager_links.active_manager_link(
            session, team_id=TEAM, manager_user_id=manager, member_user_id=member
        )


# --- the request and its answers -------------------------------------------------------------


def test_request_dms_dana_who_asks_what_it_means_with_accept_and_decline(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    answer = ask(slack, fake_slack)
    [link] = links_of(db)
    assert (link.manager_user_id, link.state, link.requested_at) == ("U2", "pending", clock.now)
    assert member_row(db).manager_user_id is None  # enrolled, nothing granted yet
    [dm] = dms_to(fake_slack, "U2")
    assert link.channel == "U2" and link.ts  # kept to update the DM once answered
    shown = "\n".join(mrkdwn_texts(dm))
    assert "<@U1>" in shown
    for granted in (
        "add what you'd need to see",
        "see their list",
        "who asked",
        "done date",
        "not their evidence notes, wins or reflections",
        "updates they choose",
        "Nothing else",
    ):
        assert granted in shown, granted
    assert buttons(dm) == {ids.MANAGER_ACCEPT: str(link.id), ids.MANAGER_DECLINE: str(link.id)}
    assert answer["response_type"] == "ephemeral"
    assert "I've asked <@U2>" in answer["text"]
    assert active(db) is None


def test_accept_links_them_updates_the_dm_tells_the_member_and_shows_on_the_managers_home(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    link = ask_ok(slack, fake_slack, db)
    clock.advance(hours=2)
    home = accept(slack, fake_slack, link.id)

    row = link_row(db, link.id)
    assert (row.state, row.answered_at) == ("active", clock.now)
    assert member_row(db).manager_user_id == "U2"
    assert active(db) is not None
    [update] = fake_slack.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (row.channel, row.ts)
    assert "You accepted" in text_of(update) and "Unlink" in text_of(update)
    assert buttons(update) == {}
    [told] = link_dms_to(fake_slack, "U1")
    assert "<@U2> accepted" in "\n".join(mrkdwn_texts(told))

    shown = text_of(home)
    assert PEOPLE in shown and "0 of 1 done" in shown
    assert "<@U1>" in "\n".join(mrkdwn_texts(home))
    [actions] = [b for b in home["blocks"] if b.get("block_id") == f"person-actions-{link.id}"]
    unlink = next(e for e in actions["elements"] if e["action_id"] == ids.MANAGER_UNLINK)
    assert unlink["value"] == str(link.id)


def test_accept_pressed_twice_sends_the_member_one_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    accept(slack, fake_slack, link.id)
    assert "already accepted" in refused(slack, fake_slack, ids.MANAGER_ACCEPT, link.id)
    assert len(link_dms_to(fake_slack, "U1")) == 1
    assert len(fake_slack.calls_to("chat.update")) == 1


def test_decline_ends_the_request_and_tells_the_member_kindly(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    before = count(fake_slack, "chat.postMessage")
    press(slack, fake_slack, ids.MANAGER_DECLINE, link.id)
    fake_slack.wait_for("chat.postMessage", before + 1)
    assert link_row(db, link.id).state == "declined"
    [update] = fake_slack.calls_to("chat.update")
    assert "You declined" in text_of(update) and buttons(update) == {}
    [told] = link_dms_to(fake_slack, "U1")
    assert "declined" in text_of(told) and "That's fine" in text_of(told)
    assert active(db) is None
    assert "declined this request" in refused(slack, fake_slack, ids.MANAGER_ACCEPT, link.id)
    assert link_row(db, link.id).state == "declined"


# --- unlinking ------------------------------------------------------------------------------


def test_member_unlinks_with_manager_off_and_both_are_told(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    accept(slack, fake_slack, link.id)
    before = count(fake_slack, "views.publish")
    reply = slack.command("manager off", user="U1")
    assert "no longer linked" in reply.text, reply.text
    home_after(fake_slack, before=before, user="U2")  # her Home loses the section
    member_home = home_after(fake_slack, before=before + 1, user="U1")
    assert "Manager:" not in text_of(member_home)

    row = link_row(db, link.id)
    assert (row.state, row.ended_by) == ("ended", "member")
    assert member_row(db).manager_user_id is None
    assert active(db) is None
    told = link_dms_to(fake_slack, "U2")[-1]
    assert "unlinked you" in text_of(told)
    manager_home = fake_slack.calls_to("views.publish")[before]
    assert PEOPLE not in text_of(manager_home)
    # An Unlink pressed on her stale Home now changes nothing.
    before_open = count(fake_slack, "views.open")
    press(slack, fake_slack, ids.MANAGER_UNLINK, link.id, container="view")
    notice = fake_slack.wait_for("views.open", before_open + 1)[before_open]
    assert "not linked with them any more" in text_of(as_view(notice.args["view"]))


def test_manager_unlinks_from_her_home_and_both_are_told(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    accept(slack, fake_slack, link.id)
    home = unlink_from_home(slack, fake_slack, link.id)
    assert PEOPLE not in text_of(home)
    row = link_row(db, link.id)
    assert (row.state, row.ended_by) == ("ended", "manager")
    assert active(db) is None
    assert member_row(db).manager_user_id is None
    assert "unlinked as your manager" in text_of(link_dms_to(fake_slack, "U1")[-1])
    reply = slack.command("manager", user="U1")
    assert "No manager linked" in reply.text


def test_the_unlink_button_asks_for_confirmation(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    home = accept(slack, fake_slack, link.id)
    [actions] = [b for b in home["blocks"] if b.get("block_id") == f"person-actions-{link.id}"]
    unlink = next(e for e in actions["elements"] if e["action_id"] == ids.MANAGER_UNLINK)
    assert unlink["confirm"]["confirm"]["text"] == "Unlink"


# --- one manager at a time ------------------------------------------------------------------


def test_a_new_manager_replaces_the_old_only_after_accepting(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.add_user("U3")
    old = ask_ok(slack, fake_slack, db)
    accept(slack, fake_slack, old.id)
    new = ask_ok(slack, fake_slack, db, "<@U3|kim>")
    # While the new request is pending, the old link stays active.
    assert active(db, "U2") is not None and active(db, "U3") is None
    status = slack.command("manager", user="U1").text
    assert "Your manager here is <@U2>" in status and "Waiting for <@U3>" in status

    accept(slack, fake_slack, new.id, user="U3")
    assert active(db, "U2") is None and active(db, "U3") is not None
    assert (link_row(db, old.id).state, link_row(db, old.id).ended_by) == ("ended", "replaced")
    assert member_row(db).manager_user_id == "U3"
    assert "linked a new manager" in text_of(link_dms_to(fake_slack, "U2")[-1])


def test_a_new_request_while_one_is_pending_withdraws_the_pending_one(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.add_user("U3")
    first = ask_ok(slack, fake_slack, db)
    answer = ask(slack, fake_slack, "<@U3|kim>")
    assert "request to <@U2> is withdrawn" in answer["text"]
    assert link_row(db, first.id).state == "withdrawn"
    [update] = fake_slack.calls_to("chat.update")
    assert "withdrew" in text_of(update) and buttons(update) == {}
    assert "withdrew" in refused(slack, fake_slack, ids.MANAGER_ACCEPT, first.id)
    assert active(db) is None


def test_manager_off_withdraws_a_pending_request(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    reply = slack.command("manager off", user="U1")
    assert "withdrawn" in reply.text
    fake_slack.wait_for("chat.update", 1)
    assert link_row(db, link.id).state == "withdrawn"


# --- forged presses --------------------------------------------------------------------------


@pytest.mark.parametrize("action", [ids.MANAGER_ACCEPT, ids.MANAGER_DECLINE])
@pytest.mark.parametrize(
    ("user", "team"),
    [("U1", TEAM), ("U4", TEAM), ("U2", "T2")],
    ids=["the-member", "a-bystander", "dana-in-another-team"],
)
def test_an_answer_by_anyone_but_dana_in_her_team_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, action: str, user: str, team: str
) -> None:
    link = ask_ok(slack, fake_slack, db)
    assert "wasn't sent to you" in refused(slack, fake_slack, action, link.id, user=user, team=team)
    assert link_row(db, link.id).state == "pending"
    assert fake_slack.calls_to("chat.update") == []
    assert link_dms_to(fake_slack, "U1") == []


@pytest.mark.parametrize(
    ("user", "team"),
    [("U1", TEAM), ("U4", TEAM), ("U2", "T2")],
    ids=["the-member", "a-bystander", "dana-in-another-team"],
)
def test_an_unlink_by_anyone_but_dana_in_her_team_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, user: str, team: str
) -> None:
    link = ask_ok(slack, fake_slack, db)
    accept(slack, fake_slack, link.id)
    before = count(fake_slack, "views.open")
    press(slack, fake_slack, ids.MANAGER_UNLINK, link.id, user=user, team=team, container="view")
    notice = fake_slack.wait_for("views.open", before + 1)[before]
    assert "wasn't sent to you" in text_of(as_view(notice.args["view"]))
    assert link_row(db, link.id).state == "active"


def test_unlink_on_a_pending_request_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    before = count(fake_slack, "views.open")
    press(slack, fake_slack, ids.MANAGER_UNLINK, link.id, container="view")
    fake_slack.wait_for("views.open", before + 1)
    assert link_row(db, link.id).state == "pending"


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999", "0"])
def test_a_forged_link_id_is_refused_without_a_crash(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, value: str
) -> None:
    ask_ok(slack, fake_slack, db)
    assert "wasn't sent to you" in refused(slack, fake_slack, ids.MANAGER_ACCEPT, value)


def test_an_ended_link_cannot_be_accepted_again(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    accept(slack, fake_slack, link.id)
    slack.command("manager off", user="U1")
    fake_slack.wait_for("views.publish", 5)
    assert "has ended" in refused(slack, fake_slack, ids.MANAGER_ACCEPT, link.id)
    assert link_row(db, link.id).state == "ended"
    assert active(db) is None


# --- guard rails -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("<@U1|me>", "can't be your own manager", id="yourself"),
        pytest.param("dana", "couldn't read", id="not-a-mention"),
        pytest.param("<@U2|dana> <@U3|kim>", "couldn't read", id="two-people"),
    ],
)
def test_refused_in_the_ack_and_nothing_stored(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str, expected: str
) -> None:
    reply = slack.command(f"manager {text}", user="U1")
    assert expected in reply.text, reply.text
    assert links_of(db) == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_asking_the_same_person_twice_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    assert "already asked them" in slack.command(f"manager {DANA}", user="U1").text
    accept(slack, fake_slack, link.id)
    assert "already your manager" in slack.command(f"manager {DANA}", user="U1").text
    assert len(links_of(db)) == 1


@pytest.mark.parametrize(
    ("user", "profile", "expected"),
    [
        pytest.param("UROBOT", {"is_bot": True}, "That's a bot", id="bot"),
        pytest.param("USLACKBOT", {}, "That's a bot", id="slackbot"),
        pytest.param("U9", {"deleted": True}, "can't find that person", id="deactivated"),
        pytest.param("U404", None, "can't find that person", id="unknown"),
    ],
)
def test_bots_and_deactivated_people_are_refused_after_the_ack(
    slack: SlackDriver,
    fake_slack: FakeSlack,
    db: Database,
    user: str,
    profile: dict[str, Any] | None,
    expected: str,
) -> None:
    if profile is not None:
        fake_slack.add_user(user, **profile)
    answer = ask(slack, fake_slack, f"<@{user}|them>")
    assert expected in answer["text"], answer["text"]
    assert links_of(db) == []
    assert dms_to(fake_slack, user) == []


def test_a_request_whose_dm_fails_leaves_nothing_pending(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    fake_slack.script(
        "chat.postMessage", ScriptedReply(200, {"ok": False, "error": "channel_not_found"})
    )
    answer = ask(slack, fake_slack)
    assert "couldn't DM them" in answer["text"]
    [link] = links_of(db)
    assert link.state == "unsent"
    ask_ok(slack, fake_slack, db)  # and it can be tried again


def test_a_failed_request_dm_is_logged_as_a_manager_link_s(
    slack: SlackDriver, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """The log names which kind of ask failed (blurb requests log "blurb request DM to…")."""
    fake_slack.script(
        "chat.postMessage", ScriptedReply(200, {"ok": False, "error": "channel_not_found"})
    )
    with caplog.at_level(logging.WARNING, logger="bot.services.asking"):
        ask(slack, fake_slack)
    logged = [r.getMessage() for r in caplog.records if r.name == "bot.services.asking"]
    assert logged == ["manager link DM to U2 failed: channel_not_found"], logged


# --- status and text -------------------------------------------------------------------------


def test_manager_alone_shows_none_then_pending_then_linked(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert "No manager linked" in slack.command("manager", user="U1").text
    link = ask_ok(slack, fake_slack, db)
    assert "Waiting for <@U2>" in slack.command("manager", user="U1").text
    accept(slack, fake_slack, link.id)
    shown = slack.command("manager", user="U1").text
    assert "Your manager here is <@U2>, linked since" in shown
    assert "manager off" in shown


def test_target_role_on_the_managers_home_is_escaped_and_verbatim(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    with db.session() as session:
        member = session.scalar(select(Member).where(Member.user_id == "U1"))
        assert member is not None
        member.target_role = "Lead <!channel> & <@U4>"
    home = accept(slack, fake_slack, link.id)
    [section] = [b for b in home["blocks"] if b.get("block_id") == f"person-{link.id}"]
    assert section["text"]["verbatim"] is True
    assert "Lead &lt;!channel&gt; &amp; &lt;@U4&gt;" in section["text"]["text"]


def test_a_manager_who_is_also_a_member_sees_both_on_one_home(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    command_with_home(slack, fake_slack, "add Mentor the new hire", user="U2")
    link = ask_ok(slack, fake_slack, db)
    home = accept(slack, fake_slack, link.id)
    shown = text_of(home)
    assert "Mentor the new hire" in shown and PEOPLE in shown


def test_a_person_with_no_links_sees_no_people_section(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    ask_ok(slack, fake_slack, db)  # pending only: nothing yet
    before = count(fake_slack, "views.publish")
    slack.event({"type": "app_home_opened", "user": "U2", "tab": "home"})
    home = home_after(fake_slack, before=before, user="U2")
    assert PEOPLE not in text_of(home)


# --- the manager named in the setup form ------------------------------------------------------


def setup_with_manager(slack: SlackDriver, fake: FakeSlack, manager: str | None) -> None:
    """Open and save the setup form with `manager` in its manager field (the rest as shown)."""
    before_open = count(fake, "views.open")
    assert slack.command("setup", user="U1").status == 200
    view = as_view(fake.wait_for("views.open", before_open + 1)[before_open])
    before = count(fake, "views.publish")
    reply = slack.submit(
        view,
        {
            ids.ROLE_BLOCK: "Engineering manager",
            ids.MANAGER_BLOCK: manager,
            ids.CHECKIN_DAY_BLOCK: "0",
            ids.CHECKIN_TIME_BLOCK: "09:00",
        },
        user="U1",
    )
    assert reply.status == 200 and reply.body == "", reply.body
    home_after(fake, before=before, user="U1")


def test_a_manager_named_in_setup_is_asked_and_linked_only_on_accept(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    setup_with_manager(slack, fake_slack, "U2")

    (request,) = link_dms_to(fake_slack, "U2")
    assert set(buttons(request.args)) == {ids.MANAGER_ACCEPT, ids.MANAGER_DECLINE}
    (told,) = link_dms_to(fake_slack, "U1")
    assert "I've asked <@U2> to link as your manager" in str(told.args["text"])
    assert member_row(db).manager_user_id is None  # nothing granted before they accept

    (link,) = links_of(db)
    accept(slack, fake_slack, link.id)
    assert member_row(db).manager_user_id == "U2"


def test_saving_setup_unchanged_leaves_a_waiting_request_alone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    setup_with_manager(slack, fake_slack, "U2")
    # The form reopens showing who was asked, so saving it again (a new check-in time, say)
    # neither withdraws the request nor asks twice.
    before_open = count(fake_slack, "views.open")
    assert slack.command("setup", user="U1").status == 200
    view = as_view(fake_slack.wait_for("views.open", before_open + 1)[before_open])
    manager_field = next(b for b in view["blocks"] if b.get("block_id") == ids.MANAGER_BLOCK)
    assert manager_field["element"]["initial_user"] == "U2"

    setup_with_manager(slack, fake_slack, "U2")

    assert len(link_dms_to(fake_slack, "U2")) == 1
    assert [link.state for link in links_of(db)] == ["pending"]


def test_emptying_the_manager_field_in_setup_unlinks_and_tells_the_manager(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    setup_with_manager(slack, fake_slack, "U2")
    (link,) = links_of(db)
    accept(slack, fake_slack, link.id)

    setup_with_manager(slack, fake_slack, None)

    assert link_row(db, link.id).state == "ended"
    assert member_row(db).manager_user_id is None
    told = text_of(link_dms_to(fake_slack, "U2")[-1])
    assert "A manager link ended" in told and "unlinked" in told, told
