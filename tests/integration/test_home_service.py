"""The Home's use cases with a real database: items, setup, the Home data and its menu.

Slack is the FakeMessenger where a use case talks to it; everything else is the real code.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.db import Database
from bot.domain.items import ItemStatus
from bot.services import campaign, home, members, wins
from bot.services.campaign import ItemFields
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.members import Profile
from bot.slack import ids
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import after_change, refresh_home
from bot.slack.submissions import inline
from tests.conftest import START
from tests.support.fake_messenger import FakeMessenger
from tests.support.home_helpers import seed_items
from tests.support.readers import overflow_values, text_of
from tests.support.slack_requests import TEAM

NOW = START


def _no_move(_move_id: str) -> None:
    return None


def _menu(db: Database, choice: str, item_id: int, user: str = "U1") -> home.MenuAnswer:
    with db.session() as session:
        return home.item_menu(
            session,
            team_id=TEAM,
            user_id=user,
            choice=choice,
            item_id=item_id,
            move_of=_no_move,
            now=NOW,
        )


# --- items ----------------------------------------------------------------------------------


def test_saving_the_item_modal_adds_then_edits_and_says_when_it_enrolled(db: Database) -> None:
    with db.session() as session:
        first = campaign.save_item(
            session, team_id=TEAM, user_id="U1", item_id=None, fields=ItemFields("One"), now=NOW
        )
        second = campaign.save_item(
            session, team_id=TEAM, user_id="U1", item_id=None, fields=ItemFields("Two"), now=NOW
        )
        [one, two] = campaign.list_items(session, team_id=TEAM, user_id="U1")
        campaign.save_item(
            session,
            team_id=TEAM,
            user_id="U1",
            item_id=two.id,
            fields=ItemFields("Two, edited"),
            now=NOW,
        )
    assert (first, second) == (True, False)
    assert (one.number, two.number, two.text) == (1, 2, "Two, edited")


def test_item_field_problems_are_keyed_by_field_and_mapped_to_the_modal(db: Database) -> None:
    with db.session() as session, pytest.raises(FieldErrors) as caught:
        campaign.save_item(
            session,
            team_id=TEAM,
            user_id="U1",
            item_id=None,
            fields=ItemFields(" ", due=NOW.date() - dt.timedelta(days=3)),
            now=NOW,
        )
    assert set(caught.value.problems) == {"text", "due"}
    shown = inline(caught.value, ids.ITEM_FIELDS, fallback=ids.TEXT_BLOCK)
    assert set(shown) == {ids.TEXT_BLOCK, ids.DUE_BLOCK}


def test_nobody_edits_notes_or_removes_someone_elses_item(db: Database) -> None:
    [theirs] = seed_items(db, NOW, ["U1's item"], user="U1")
    seed_items(db, NOW, ["U2's item"], user="U2")
    with db.session() as session:
        for attempt in (
            lambda: campaign.save_item(
                session, team_id=TEAM, user_id="U2", item_id=theirs, fields=ItemFields("x"), now=NOW
            ),
            lambda: campaign.note_item(
                session, team_id=TEAM, user_id="U2", item_id=theirs, text="x", now=NOW
            ),
            lambda: campaign.remove_by_id(session, team_id=TEAM, user_id="U2", item_id=theirs),
        ):
            with pytest.raises(NotFound, match="isn't on your list"):
                attempt()
        [item] = campaign.list_items(session, team_id=TEAM, user_id="U1")
    assert (item.text, item.notes) == ("U1's item", [])


def test_done_and_undo_move_the_status_once(db: Database) -> None:
    [item_id] = seed_items(db, NOW, ["Run the retro"])
    with db.session() as session:
        item = campaign.get_item_by_id(session, team_id=TEAM, user_id="U1", item_id=item_id)
        campaign.complete_item(session, item=item, evidence="It went well", now=NOW)
        assert (item.status, item.done_at, len(item.notes)) == (ItemStatus.DONE, NOW, 1)
        with pytest.raises(UserError, match="already done"):
            campaign.complete_item(session, item=item, evidence="", now=NOW)
        campaign.reopen_item(session, item=item)
        assert (item.status, item.done_at) == (ItemStatus.OPEN, None)
        with pytest.raises(UserError, match="still open"):
            campaign.reopen_item(session, item=item)


# --- setup ----------------------------------------------------------------------------------


def test_setup_problems_are_keyed_by_profile_field_and_land_on_their_blocks(
    db: Database,
) -> None:
    bad = Profile(
        manager_user_id="U1",
        target_date=NOW.date() - dt.timedelta(days=30),
        checkin_weekday=9,
        checkin_time=None,
        team_channel_id="#general",
    )
    with db.session() as session, pytest.raises(FieldErrors) as caught:
        members.save_profile(session, team_id=TEAM, user_id="U1", profile=bad, now=NOW)
    shown = inline(caught.value, ids.SETUP_FIELDS, fallback=ids.ROLE_BLOCK)
    assert set(shown) == {
        ids.MANAGER_BLOCK,
        ids.TARGET_DATE_BLOCK,
        ids.CHECKIN_DAY_BLOCK,
        ids.CHECKIN_TIME_BLOCK,
        ids.TEAM_CHANNEL_BLOCK,
    }
    with db.session() as session:
        assert members.find_member(session, team_id=TEAM, user_id="U1") is None


def test_setup_enrols_once_and_reschedules_the_checkin(db: Database) -> None:
    profile = Profile(target_role="EM", checkin_weekday=2, checkin_time=dt.time(8, 30, 15))
    with db.session() as session:
        first = members.save_profile(session, team_id=TEAM, user_id="U1", profile=profile, now=NOW)
        again = members.save_profile(session, team_id=TEAM, user_id="U1", profile=profile, now=NOW)
        member = members.find_member(session, team_id=TEAM, user_id="U1")
    assert (first, again) == (True, False)
    assert member is not None
    assert (member.target_role, member.checkin_time) == ("EM", dt.time(8, 30))
    assert member.next_checkin_at is not None and member.next_checkin_at.weekday() == 2


# --- the Home ---------------------------------------------------------------------------------


def test_the_home_of_someone_not_enrolled_is_empty(db: Database) -> None:
    with db.session() as session:
        data = home.home_for(session, team_id=TEAM, user_id="U9", move_of=_no_move, now=NOW)
    assert (data.member, data.items, data.checkin, data.evidence) == (
        None,
        [],
        None,
        home.Evidence(),
    )


def test_the_home_lists_open_items_first_and_counts_wins(db: Database) -> None:
    ids_ = seed_items(db, NOW, ["First", "Second", "Third"], done=[0])
    with db.session() as session:
        wins.log_win(session, team_id=TEAM, user_id="U1", text="Shipped", now=NOW, item_id=ids_[1])
        data = home.home_for(session, team_id=TEAM, user_id="U1", move_of=_no_move, now=NOW)
    assert [i.text for i in data.items] == ["Second", "Third", "First"]
    assert data.evidence.win_total == 1
    assert [(w.text, number) for w, number in data.evidence.wins] == [("Shipped", 2)]
    assert data.today == NOW.date()


def test_mark_done_answers_with_the_new_home_and_no_modal(db: Database) -> None:
    first, second = seed_items(db, NOW, ["Run the retro", "Mentor the new hire"])
    answer = _menu(db, ids.MENU_DONE, first)
    assert answer.modal is None and answer.home is not None
    view = answer.home.to_dict()
    assert "1 of 2 done" in text_of(view)
    assert overflow_values(view) == [
        [
            f"{c}:{second}"
            for c in (ids.MENU_DONE, ids.MENU_EVIDENCE, ids.MENU_EDIT, ids.MENU_REMOVE)
        ]
    ]


@pytest.mark.parametrize(
    ("choice", "callback_id"),
    [
        (ids.MENU_EVIDENCE, ids.EVIDENCE_MODAL),
        (ids.MENU_EDIT, ids.ITEM_MODAL),
        (ids.MENU_REMOVE, ids.REMOVE_MODAL),
    ],
)
def test_the_other_choices_answer_with_their_modal(
    db: Database, choice: str, callback_id: str
) -> None:
    [item_id] = seed_items(db, NOW, ["Run the retro"])
    answer = _menu(db, choice, item_id)
    assert answer.home is None and answer.modal is not None
    assert answer.modal.callback_id == callback_id


@pytest.mark.parametrize(
    ("user", "choice", "expected"),
    [
        ("U1", ids.MENU_DONE, "already done"),
        ("U2", ids.MENU_EDIT, "isn't on your list"),
        ("U9", ids.MENU_DONE, "Your list is empty"),
        ("U1", "explode", "isn't one I know"),
    ],
)
def test_a_refused_choice_answers_with_a_notice_and_the_home_as_it_is(
    db: Database, user: str, choice: str, expected: str
) -> None:
    [item_id] = seed_items(db, NOW, ["Run the retro"], done=[0])
    seed_items(db, NOW, ["U2's own"], user="U2")
    answer = _menu(db, choice, item_id, user=user)
    assert answer.modal is not None and answer.home is not None
    assert expected in text_of(answer.modal.to_dict())
    with db.session() as session:
        [item] = campaign.list_items(session, team_id=TEAM, user_id="U1")
    assert item.status == ItemStatus.DONE


def test_refresh_and_after_change_publish_through_the_messenger(db: Database) -> None:
    seed_items(db, NOW, ["Run the retro"])
    deps = Deps(db=db, clock=lambda: NOW)
    messenger = FakeMessenger(profiles={"U1": {"tz": "America/New_York"}})
    actor = Actor(team_id=TEAM, user_id="U1")

    refresh_home(deps, messenger, actor)
    after_change(deps, messenger, actor, enrolled=True)

    published = messenger.to("U1", "home")
    assert len(published) == 2
    assert published[0].view is not None and "Run the retro" in text_of(published[0].view.to_dict())
    with db.session() as session:
        member = members.find_member(session, team_id=TEAM, user_id="U1")
        assert member is not None and member.timezone == "America/New_York"
