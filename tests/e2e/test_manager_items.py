"""A linked manager adds what they need to see, end to end: "Add what I need to see" on her
Home and `/mgr-goal for @kofi add …`; the member's DM, list and Home; and every manager who
isn't (or is no longer) linked, and every forged submission, refused.

U1 is the member (Kofi), U2 is asked to be his manager (Dana), U4 a bystander.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.models import ManagerLink
from bot.slack import ids
from tests.e2e.test_manager_links import (
    accept,
    ask_ok,
    command_with_home,
    dms_to,
    press,
    unlink_from_home,
)
from tests.support.home_helpers import (
    ack_view,
    count,
    home_after,
    items_of,
    modal_after,
)
from tests.support.readers import mrkdwn_texts, text_of
from tests.support.slack_requests import SlackDriver

KOFI = "<@U1|kofi>"
ADD_FOR = "Add what I need to see"


def linked(slack: SlackDriver, fake: FakeSlack, db: Database) -> tuple[ManagerLink, dict[str, Any]]:
    """Kofi asks Dana; she accepts. The link and Dana's Home."""
    link = ask_ok(slack, fake, db)
    return link, accept(slack, fake, link.id)


def open_form(slack: SlackDriver, fake: FakeSlack, link_id: int, *, user: str = "U2") -> dict:
    before = count(fake, "views.open")
    press(slack, fake, ids.MANAGER_ADD_ITEM, link_id, user=user, container="view")
    return modal_after(fake, before=before)


def submit_ok(slack: SlackDriver, fake: FakeSlack, view: dict, text: str, **kw: Any) -> dict:
    """Submit the form as Dana; returns her refreshed Home (after Kofi's)."""
    before = count(fake, "views.publish")
    reply = slack.submit(view, {ids.TEXT_BLOCK: text}, user="U2", **kw)
    assert reply.status == 200 and reply.body == "", reply.body
    home_after(fake, before=before, user="U1")
    return home_after(fake, before=before + 1, user="U2")


def item_dms(fake: FakeSlack) -> list[str]:
    return [
        "\n".join(mrkdwn_texts(c.args))
        for c in dms_to(fake, "U1")
        if "added to your list" in "\n".join(mrkdwn_texts(c.args))
    ]


def test_dana_adds_from_her_home_and_kofi_owns_the_item(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link, home = linked(slack, fake_slack, db)
    [actions] = [b for b in home["blocks"] if b.get("block_id") == f"person-actions-{link.id}"]
    assert [e["text"]["text"] for e in actions["elements"]] == [ADD_FOR, "Unlink"]

    view = open_form(slack, fake_slack, link.id)
    assert view["callback_id"] == ids.MANAGER_ITEM_MODAL
    dana_home = submit_ok(slack, fake_slack, view, "Run the <b>retro</b> & *more*")

    [item] = items_of(db, "U1")
    assert (item.text, item.asked_by_user_id) == ("Run the <b>retro</b> & *more*", "U2")
    [dm] = item_dms(fake_slack)
    assert "<@U2> added to your list" in dm
    assert "Run the &lt;b&gt;retro&lt;/b&gt; &amp; *more*" in dm
    shown = "\n".join(mrkdwn_texts(dana_home))
    assert "#1 Run the &lt;b&gt;retro&lt;/b&gt; &amp; *more* · asked by <@U2>" in shown
    assert items_of(db, "U2") == []

    # Kofi edits it like any item, then removes it.
    before = count(fake_slack, "views.open")
    slack.click(ids.HOME_ITEM_MENU, selected=f"{ids.MENU_EDIT}:{item.id}")
    edit = modal_after(fake_slack, before=before)
    before = count(fake_slack, "views.publish")
    reply = slack.submit(edit, {ids.TEXT_BLOCK: "Run the Q1 retro", ids.ASKED_BY_BLOCK: "U2"})
    assert reply.status == 200, reply.body
    home_after(fake_slack, before=before, user="U1")
    [edited] = items_of(db, "U1")
    assert (edited.text, edited.asked_by_user_id) == ("Run the Q1 retro", "U2")
    assert "Remove #1?" in slack.command("remove 1").text
    before = count(fake_slack, "views.publish")
    slack.click(ids.REMOVE_CONFIRM, value=str(item.id), container="message")
    home_after(fake_slack, before=before, user="U1")
    assert items_of(db, "U1") == []


def test_a_double_submit_adds_one_item_and_one_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link, _ = linked(slack, fake_slack, db)
    view = open_form(slack, fake_slack, link.id)
    submit_ok(slack, fake_slack, view, "Mentor the new hire")
    again = slack.submit(
        view, {ids.TEXT_BLOCK: "Mentor the new hire"}, user="U2", view_id=slack.last_view_id
    )
    assert again.status == 200 and again.body == ""
    assert len(items_of(db, "U1")) == 1
    assert len(item_dms(fake_slack)) == 1


def test_a_form_submitted_after_unlinking_adds_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link, _ = linked(slack, fake_slack, db)
    view = open_form(slack, fake_slack, link.id)
    unlink_from_home(slack, fake_slack, link.id)
    reply = slack.submit(view, {ids.TEXT_BLOCK: "Sneak one in"}, user="U2")
    assert "not linked as <@U1>'s manager" in text_of(ack_view(reply))
    assert items_of(db, "U1") == [] and item_dms(fake_slack) == []


def test_forged_submissions_naming_another_member_or_team_are_refused(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link, _ = linked(slack, fake_slack, db)
    view = open_form(slack, fake_slack, link.id)
    for forged in (
        {"private_metadata": json.dumps({"member": "U4"})},
        {"private_metadata": json.dumps({"member": 1})},
        {"private_metadata": "not json"},
        {"team": "T_OTHER"},
        {"user": "U4"},
    ):
        reply = slack.submit(view, {ids.TEXT_BLOCK: "Forged"}, **{"user": "U2", **forged})
        assert "not linked as" in text_of(ack_view(reply)), forged
    assert items_of(db, "U1") == [] and items_of(db, "U4") == []


def test_a_manager_who_never_accepted_or_declined_can_add_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link = ask_ok(slack, fake_slack, db)
    before = count(fake_slack, "views.open")
    press(slack, fake_slack, ids.MANAGER_ADD_ITEM, link.id, container="view")
    assert "not linked as <@U1>'s manager" in text_of(modal_after(fake_slack, before=before))
    assert (
        "You're not linked as <@U1>'s manager"
        in slack.command(f"for {KOFI} add Do it", user="U2").text
    )

    press(slack, fake_slack, ids.MANAGER_DECLINE, link.id)
    before = count(fake_slack, "views.open")
    press(slack, fake_slack, ids.MANAGER_ADD_ITEM, link.id, container="view")
    assert "not linked as" in text_of(modal_after(fake_slack, before=before))
    assert "not linked as" in slack.command(f"for {KOFI} add Do it", user="U2").text
    # Someone else pressing Dana's button is refused too.
    before = count(fake_slack, "views.open")
    press(slack, fake_slack, ids.MANAGER_ADD_ITEM, link.id, user="U4", container="view")
    modal_after(fake_slack, before=before)
    assert items_of(db, "U1") == []


def test_for_kofi_add_by_slash_command(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    linked(slack, fake_slack, db)
    before = count(fake_slack, "views.publish")
    reply = slack.command(f"for {KOFI} add Run the &lt;retro&gt; due in 3 weeks", user="U2")
    assert "Added to <@U1>'s list" in reply.text and "&lt;retro&gt;" in reply.text
    home_after(fake_slack, before=before, user="U1")
    home_after(fake_slack, before=before + 1, user="U2")
    [item] = items_of(db, "U1")
    assert (item.text, item.asked_by_user_id) == ("Run the <retro>", "U2")
    assert item.due_date is not None
    [dm] = item_dms(fake_slack)
    assert "<@U2> added to your list" in dm and "&lt;retro&gt;" in dm


def test_for_is_refused_for_yourself_a_non_mention_a_from_and_after_unlinking(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link, _ = linked(slack, fake_slack, db)
    assert "That's you" in slack.command("for <@U2|dana> add Do it", user="U2").text
    assert "autocomplete" in slack.command("for kofi add Do it", user="U2").text
    assert "followed by `add`" in slack.command(f"for {KOFI} done 1", user="U2").text
    assert (
        "isn't needed here" in slack.command(f"for {KOFI} add Do it from <@U4|x>", user="U2").text
    )
    assert "not linked as" in slack.command(f"for {KOFI} add Do it", user="U4").text
    unlink_from_home(slack, fake_slack, link.id)
    assert "not linked as" in slack.command(f"for {KOFI} add Do it", user="U2").text
    assert items_of(db, "U1") == []


def test_her_home_lists_open_items_not_evidence_wins_or_done_ones(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    link, _ = linked(slack, fake_slack, db)
    # Each command republishes Kofi's Home after its ack: wait for it, so the count of
    # publishes the form's submission waits on starts after them.
    for n in range(1, 9):
        command_with_home(slack, fake_slack, f"add Item number {n}", user="U1")
    for text in ("note 1 SECRET-EVIDENCE", "done 2 DONE-EVIDENCE", "win SECRET-WIN"):
        command_with_home(slack, fake_slack, text, user="U1")
    view = open_form(slack, fake_slack, link.id)
    home = submit_ok(slack, fake_slack, view, "Dana's item")
    shown = text_of(home)
    assert "Item number 1" in shown and "Item number 2" not in shown
    assert "and 3 more open items" in shown
    for secret in ("SECRET-EVIDENCE", "DONE-EVIDENCE", "SECRET-WIN"):
        assert secret not in shown


def test_a_manager_with_no_campaign_sees_her_people_first_and_set_up_offered_below(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    _, home = linked(slack, fake_slack, db)
    texts = [text_of(b) for b in home["blocks"]]
    assert "People growing toward management (1)" in texts[1]
    assert "<@U1>" in texts[2] and "no monthly update received yet" in texts[2]
    assert not any("Nothing on your list yet" in t or "No open items" in t for t in texts)
    assert "Working toward a bigger role yourself?" in texts[-1]
    assert home["blocks"][-1]["accessory"]["action_id"] == ids.HOME_SETUP


def test_her_home_shows_each_open_item_whole_however_its_text_escapes(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """Five items of markup characters escape to five times their length: each is still
    shown (clipped on its own), and no escaped character is cut in half."""
    for n in range(5):
        command_with_home(slack, fake_slack, "add " + f"{n}" + "&" * 299, user="U1")
    _, home = linked(slack, fake_slack, db)
    [person] = [
        b
        for b in home["blocks"]
        if b["type"] == "section" and str(b.get("block_id", "")).startswith("person-")
    ]
    text = person["text"]["text"]
    for n in range(1, 6):
        assert f"#{n} " in text, n
    assert "&amp;" in text and not re.search(r"&(?!amp;|lt;|gt;)", text.replace("<@", ""))
