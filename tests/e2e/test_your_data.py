"""Your data end to end: `/mgr-goal export` DMs a JSON file of everything about the caller;
`/mgr-goal forget-me` names what it deletes, deletes it once on confirm (only the signed
request's actor), tells them and empties their Home; a `user_change` with `deleted: true` stops
every send to that person until Slack reports them back.

U1 is Kofi, U2 Bea (another member whose rows name Kofi everywhere they can), U3 Dana (Kofi's
manager), U4 and U5 people Kofi's rows name.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.models import TEXT_MAX, CampaignItem, Member, UpdateRecipient, Win
from bot.services import departures, your_data
from bot.slack import ids
from tests.e2e.test_checkins import SLOT1, enrol
from tests.e2e.test_manager_links import command_with_home, dms_to
from tests.e2e.test_monthly_update import open_update, send, to_options
from tests.integration.test_your_data import BEA, KOFI, counts, holding
from tests.support.checkin_helpers import eventually
from tests.support.factories import blurb_request
from tests.support.factories import item as factory_item
from tests.support.factories import win as factory_win
from tests.support.full_history import seed
from tests.support.home_helpers import count, home_after, member_of, modal_after
from tests.support.readers import text_of
from tests.support.slack_requests import TEAM, SlackDriver


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in ("U3", "U4", "U5"):
        fake_slack.add_user(user)


def seed_two(db: Database) -> None:
    with db.session() as session:
        seed(session, user_id="U1", marker="KOFI", names=KOFI, channel="C1", departed=False)
        bea = seed(session, user_id="U2", marker="BEA", names=BEA, channel="C2", departed=False)
        blurb_request(session, owner=bea, colleague_user_id="U1", about="BEA open ask")


def followed_up(slack: SlackDriver, fake: FakeSlack, text: str, *, user: str = "U1") -> str:
    """A command acked empty, then answered through response_url; the answer's text."""
    before = count(fake, "response_url")
    reply = slack.command(text, user=user)
    assert reply.status == 200 and reply.body == "", reply.body
    return text_of(fake.wait_for("response_url", before + 1)[before].args)


def event(slack: SlackDriver, db: Database, user: str, *, deleted: bool, n: int) -> None:
    change = {"type": "user_change", "user": {"id": user, "team_id": TEAM, "deleted": deleted}}
    assert slack.event(change, event_id=f"Ev{user}{n}").status == 200

    def recorded() -> bool:
        with db.session() as session:
            return departures.is_departed(session, user_id=user) == deleted

    eventually(recorded, what="the departure recorded")


# --- export -----------------------------------------------------------------------------------


def test_export_dms_a_json_file_of_everything_about_the_caller_and_nothing_else(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    seed_two(db)
    command_with_home(slack, fake_slack, "add Run the Q1 planning retro", user="U1")
    assert "Sent" in followed_up(slack, fake_slack, "export")
    [(channel, title, content), *packet] = fake_slack.uploaded()
    assert (channel, title) == ("DU1", "Your mgr-goal data (JSON)")
    # The promotion packet joins it in the same DM: Markdown and PDF.
    assert [(c, t.rsplit("(", 1)[-1]) for c, t, _ in packet] == [
        ("DU1", "Markdown)"),
        ("DU1", "PDF)"),
    ]
    assert packet[1][2].startswith(b"%PDF")
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert "forget-me" in complete.args["initial_comment"]
    data = json.loads(content)
    tables = data["tables"]
    assert [name for name, rows in tables.items() if not rows] == ["departed_user"]
    assert "Run the Q1 planning retro" in [row["text"] for row in tables["campaign_item"]]
    assert "BEA" not in content.decode() and "U2" not in content.decode()


def test_export_for_someone_with_nothing_stored_is_an_empty_file(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    followed_up(slack, fake_slack, "export", user="U5")
    [(channel, _, content)] = fake_slack.uploaded()
    assert channel == "DU5"
    assert all(rows == [] for rows in json.loads(content)["tables"].values())


# --- forget-me --------------------------------------------------------------------------------


def open_forget(slack: SlackDriver, fake: FakeSlack, *, user: str = "U1") -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = slack.command("forget-me", user=user)
    assert reply.status == 200 and reply.body == "", reply.body
    return modal_after(fake, before=before)


def test_forget_me_names_what_it_deletes_and_what_stays(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    seed_two(db)
    view = open_forget(slack, fake_slack)
    assert view["callback_id"] == ids.FORGET_MODAL
    shown = text_of(view)
    for line in (
        "2 list items (1 evidence note)",
        "2 check-ins",
        "1 win",
        "1 reflection",
        "1 confidence answer",
        "1 stakeholder (1 conversation logged, 1 ask)",
        "1 monthly update sent",
        "1 blurb request (and blurbs written for you)",
        "1 manager link (removed on both sides)",
        "1 packet share",
        "1 blurb you wrote for others stays with them",
        "1 item you asked others for stays on their lists, without your name",
        "you come off 1 stakeholder list",
        "digest posts",
    ):
        assert line in shown, line


def confirm(
    slack: SlackDriver, fake: FakeSlack, view: dict[str, Any], *, others: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Submit forget-me's confirm; returns Kofi's Home published after it, once the Homes of
    `others` (his manager, the people he managed) are republished too (the last step)."""
    before = count(fake, "views.publish")
    reply = slack.submit(view, {})
    assert reply.status == 200 and reply.body == "", reply.body
    home = home_after(fake, before=before, user="U1")
    for n, user in enumerate(others, start=1):
        assert "<@U1>" not in str(home_after(fake, before=before + n, user=user))
    return home


def test_confirm_deletes_everything_about_them_once_and_empties_their_home(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    seed_two(db)
    bea_before = counts(db, "U2")
    view = open_forget(slack, fake_slack)
    home = confirm(slack, fake_slack, view, others=("U2", "U3"))
    assert "KOFI" not in text_of(home)
    [done] = dms_to(fake_slack, "U1")
    assert "deleted everything about you" in text_of(done.args)
    with db.session() as session:
        assert your_data.leftovers(session, user_id="U1") == []
        assert holding(session, "U1") == []
    after = counts(db, "U2")
    assert after["campaign_item"] == bea_before["campaign_item"]
    assert after["win"] == bea_before["win"]
    assert after["manager_link"] == bea_before["manager_link"] - 1
    # Kofi starts again; the same confirm delivered again deletes nothing more.
    command_with_home(slack, fake_slack, "add A fresh start", user="U1")
    reply = slack.submit(view, {}, view_id=slack.last_view_id)
    assert reply.status == 200 and reply.body == ""
    assert member_of(db, "U1") is not None
    with db.session() as session:
        items = session.scalars(
            select(CampaignItem.text).join(Member).where(Member.user_id == "U1")
        )
        assert list(items) == ["A fresh start"]


def test_a_forged_confirm_deletes_nothing_of_anyone_else(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    seed_two(db)
    kofi_before = counts(db, "U1")
    view = open_forget(slack, fake_slack)
    slack.submit(view, {}, user="U1", team="T_OTHER")
    slack.submit(view, {}, user="U5")
    assert counts(db, "U1") == kofi_before


def test_a_mention_of_them_in_someone_elses_win_becomes_a_former_colleague(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """A slash command's mention is stored as the name it showed; a mention typed raw into a
    form (`<@U1>`) keeps the id, and forget-me replaces it."""
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    command_with_home(slack, fake_slack, "win Paired with <@U1|kofi> on the rollout", user="U2")
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        factory_win(session, owner=bea, text="<@U1> covered my on-call")
    view = open_forget(slack, fake_slack)
    assert "1 note by others that mentions you stays with them" in text_of(view)
    confirm(slack, fake_slack, view)
    with db.session() as session:
        assert sorted(session.scalars(select(Win.text))) == [
            "Paired with @kofi on the rollout",
            "a former colleague covered my on-call",
        ]
        assert your_data.leftovers(session, user_id="U1") == []


def test_forget_me_with_nothing_stored_says_so(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply = slack.command("forget-me", user="U5")
    assert "nothing to delete" in reply.text
    assert count(fake_slack, "views.open") == 0


# --- departed people --------------------------------------------------------------------------


def test_a_departed_member_gets_no_check_in_until_reactivated(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, run_tick: Any
) -> None:
    enrol(slack, fake_slack)
    event(slack, db, "U1", deleted=True, n=1)
    member = member_of(db)
    assert member is not None and member.unreachable == "departed"
    assert member.next_checkin_at is None
    run_tick(SLOT1)
    assert dms_to(fake_slack, "U1") == []
    event(slack, db, "U1", deleted=False, n=2)
    member = member_of(db)
    assert member is not None and member.unreachable is None
    assert member.next_checkin_at is not None


def test_no_dm_reaches_a_departed_stakeholder_or_colleague_until_they_are_back(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    command_with_home(slack, fake_slack, "stakeholder add <@U3|dana> runs platform", user="U1")
    event(slack, db, "U3", deleted=True, n=1)
    view = open_update(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    offered, _ = to_options(view)
    reply = send(slack, fake_slack, view, "November went well", offered)
    assert reply.status == 200, reply.body
    home_after(fake_slack, before=before, user="U1")
    assert dms_to(fake_slack, "U3") == []
    with db.session() as session:
        states = session.scalars(select(UpdateRecipient.state)).all()
    assert states == ["failed"]
    gone = "no longer in this Slack workspace"
    assert gone in followed_up(slack, fake_slack, "stakeholder ask <@U3|dana>")
    assert gone in followed_up(slack, fake_slack, "blurb <@U3|dana> the migration")
    assert dms_to(fake_slack, "U3") == []
    event(slack, db, "U3", deleted=False, n=2)
    followed_up(slack, fake_slack, "blurb <@U3|dana> the migration")
    assert len(dms_to(fake_slack, "U3")) == 1


def test_a_mention_in_a_note_at_its_longest_still_fits_once_replaced(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """ "a former colleague" is longer than `<@U1>`: a full-length item keeps its length limit
    (Postgres refuses a longer value, and forget-me would fail), cut short with an ellipsis."""
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    command_with_home(slack, fake_slack, "add Ship it", user="U2")
    text = ("<@U1> " * 4 + "x" * TEXT_MAX)[:TEXT_MAX]
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        item_id = factory_item(session, owner=bea, text=text).id
    confirm(slack, fake_slack, open_forget(slack, fake_slack))
    assert member_of(db, "U1") is None
    with db.session() as session:
        kept = session.get(CampaignItem, item_id)
        assert kept is not None and len(kept.text) == TEXT_MAX
        assert kept.text.startswith("a former colleague " * 4) and kept.text.endswith("x…")
        assert your_data.leftovers(session, user_id="U1") == []


def test_a_half_written_or_lowercase_mention_does_not_block_forget_me(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """Anyone can type `<@U1|` with no closing `>` into a form: forget-me takes the id out of it
    rather than finding it left over and refusing. `<@u1>` is no Slack id: it stays, on either
    database (SQLite's LIKE ignores case)."""
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    command_with_home(slack, fake_slack, "add Ship it", user="U2")
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        factory_win(session, owner=bea, text="Thanks <@U1|kofi for the help")
        factory_win(session, owner=bea, text="Not a mention: <@u1>")
    view = open_forget(slack, fake_slack)
    assert "1 note by others that mentions you stays with them" in text_of(view)
    confirm(slack, fake_slack, view)
    assert member_of(db, "U1") is None
    with db.session() as session:
        assert sorted(session.scalars(select(Win.text))) == [
            "Not a mention: <@u1>",
            "Thanks a former colleague|kofi for the help",
        ]
        assert your_data.leftovers(session, user_id="U1") == []


def test_the_confirm_counts_no_mention_in_a_row_forget_me_removes(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """Bea's unanswered blurb ask to Kofi goes with him: a mention of him in it is not one of
    the notes that "stay with them"; the mention in her win is."""
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    command_with_home(slack, fake_slack, "add Ship it", user="U2")
    with db.session() as session:
        bea = session.scalars(select(Member).where(Member.user_id == "U2")).one()
        blurb_request(session, owner=bea, colleague_user_id="U1", about="Our work, <@U1>")
        factory_win(session, owner=bea, text="<@U1> covered my on-call")
    view = open_forget(slack, fake_slack)
    assert "1 note by others that mentions you stays with them" in text_of(view), text_of(view)
