"""The monthly update end to end: the draft for a scripted month, Send to the linked manager
and chosen stakeholders (once each, even when Send is pressed twice), private wins that reach
nobody unless the member keeps them, the member with no manager, forged recipients, and the
Homes that show it.

U1 is Kofi (Europe/Berlin), U2 Dana (his manager once linked), U3 Carol (a stakeholder), U4
a stakeholder of someone else's.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.domain.slack_text import escape
from bot.domain.updates import ADDED_SHOWN
from bot.models import MonthlyUpdate, Stakeholder, StakeholderContact, UpdateRecipient
from bot.slack import ids
from tests.e2e.test_manager_links import (
    accept,
    ask_ok,
    command_with_home,
    dms_to,
    press,
    unlink_from_home,
)
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, modal_after
from tests.support.readers import mrkdwn_texts, text_of
from tests.support.slack_requests import SlackDriver

CAROL = "<@U3|carol>"
PRIVATE = "Calmed the payments escalation"


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U3", profile={"display_name": "carol", "real_name": "Carol Ibáñez"})
    fake_slack.add_user("U4")


def link_dana(slack: SlackDriver, fake: FakeSlack, db: Database) -> int:
    link = ask_ok(slack, fake, db)
    accept(slack, fake, link.id)
    return link.id


def a_month(slack: SlackDriver, fake: FakeSlack, clock: FrozenClock) -> None:
    """Kofi's scripted month: items (one from Dana), one done with evidence, two wins."""
    command_with_home(slack, fake, "add Run the Q1 planning retro", user="U1")
    command_with_home(slack, fake, "add Present the roadmap due 2026-12-15", user="U1")
    before = count(fake, "views.publish")
    assert slack.command("for <@U1|kofi> add Mentor the new hire", user="U2").status == 200
    home_after(fake, before=before, user="U1")
    home_after(fake, before=before + 1, user="U2")
    command_with_home(slack, fake, f"stakeholder add {CAROL} runs platform", user="U1")
    clock.advance(days=3)
    command_with_home(slack, fake, "done 1 Shipped the retro doc; 8 people came", user="U1")
    command_with_home(slack, fake, "win Walked the new hire through a deploy share", user="U1")
    command_with_home(slack, fake, f"win {PRIVATE}", user="U1")


def open_update(slack: SlackDriver, fake: FakeSlack, *, user: str = "U1") -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = slack.command("update", user=user)
    assert reply.status == 200 and reply.body == "", reply.body
    return modal_after(fake, before=before)


def draft_of(view: dict[str, Any]) -> str:
    [block] = [b for b in view["blocks"] if b.get("block_id") == ids.UPDATE_TEXT_BLOCK]
    return str(block["element"]["initial_value"])


def to_options(view: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(every Send to value offered, the ones ticked)."""
    [block] = [b for b in view["blocks"] if b.get("block_id") == ids.UPDATE_TO_BLOCK]
    element = block["element"]
    offered = [o["value"] for o in element["options"]]
    ticked = [o["value"] for o in element.get("initial_options") or []]
    return offered, ticked


def send(
    slack: SlackDriver, fake: FakeSlack, view: dict[str, Any], text: str, to: list[str], **kw: Any
) -> Any:
    values = {ids.UPDATE_TEXT_BLOCK: text, ids.UPDATE_TO_BLOCK: to}
    return slack.submit(view, values, **kw)


def sent_ok(
    slack: SlackDriver, fake: FakeSlack, view: dict[str, Any], text: str, to: list[str]
) -> dict[str, Any]:
    """Send; returns Kofi's Home after, and waits for Dana's when she got it (the last step)."""
    before = count(fake, "views.publish")
    reply = send(slack, fake, view, text, to)
    assert reply.status == 200 and reply.body == "", reply.body
    home = home_after(fake, before=before, user="U1")
    if "manager" in to:
        home_after(fake, before=before + 1, user="U2")
    return home


def update_dms(fake: FakeSlack, user: str) -> list[str]:
    return [
        "\n".join(mrkdwn_texts(c.args))
        for c in dms_to(fake, user)
        if "monthly growth update" in str(c.args.get("text"))
    ]


def rows(db: Database) -> list[tuple[str, str, bool]]:
    with db.session() as session:
        return [
            (r.user_id, r.state, r.is_manager)
            for r in session.scalars(select(UpdateRecipient).order_by(UpdateRecipient.id))
        ]


def test_the_draft_lists_the_month_and_offers_manager_and_stakeholders(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_dana(slack, fake_slack, db)
    a_month(slack, fake_slack, clock)
    view = open_update(slack, fake_slack)
    assert view["callback_id"] == ids.UPDATE_MODAL
    draft = draft_of(view)
    assert "Checked off my list\n• #1 Run the Q1 planning retro (" in draft
    assert "Shipped the retro doc; 8 people came" in draft
    assert "• #3 Mentor the new hire (my manager asked for this)" in draft
    assert "• #2 Present the roadmap (my own)" in draft
    assert "Walked the new hire through a deploy" in draft
    assert "[private] " in draft and PRIVATE in draft
    assert "• #2 Present the roadmap (due 15 Dec)" in draft
    offered, ticked = to_options(view)
    with db.session() as session:
        [carol] = session.scalars(select(Stakeholder)).all()
    assert offered == ["manager", f"stakeholder:{carol.id}"]
    assert ticked == ["manager"]
    shown = "\n".join(mrkdwn_texts(view))
    assert "<@U2> (your manager)" in shown and "<@U3>" in shown


def test_send_dms_each_recipient_once_and_both_homes_show_it(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_id = link_dana(slack, fake_slack, db)
    a_month(slack, fake_slack, clock)
    view = open_update(slack, fake_slack)
    offered, _ = to_options(view)
    text = "\n".join(line for line in draft_of(view).splitlines() if "[private]" not in line)
    text = text.replace("One ask", "One ask <!channel> @here & <b>")
    before = count(fake_slack, "views.publish")
    kofi_home = sent_ok(slack, fake_slack, view, text, offered)
    dana_home = home_after(fake_slack, before=before + 1, user="U2")  # already published
    again = send(slack, fake_slack, view, text, offered, view_id=slack.last_view_id)
    assert again.status == 200 and again.body == ""

    [to_dana] = update_dms(fake_slack, "U2")
    [to_carol] = update_dms(fake_slack, "U3")
    for dm in (to_dana, to_carol):
        assert "<@U1>'s monthly growth update" in dm
        assert "One ask &lt;!channel&gt; @here &amp; &lt;b&gt;" in dm
        assert "<!channel>" not in dm and PRIVATE not in dm
    [dana_call] = [c for c in dms_to(fake_slack, "U2") if "growth" in str(c.args.get("text"))]
    assert f'"value": "{link_id}"' in text_of(dana_call) or str(link_id) in str(dana_call.args)
    assert "Add what I need to see" in text_of(dana_call)
    [carol_call] = [c for c in dms_to(fake_slack, "U3") if "growth" in str(c.args.get("text"))]
    assert "Add what I need to see" not in text_of(carol_call)
    assert sorted(rows(db)) == [("U2", "sent", True), ("U3", "sent", False)]
    with db.session() as session:
        [contact] = session.scalars(select(StakeholderContact)).all()
        [carol] = session.scalars(select(Stakeholder)).all()
        assert contact.note == "Monthly update sent" and carol.last_contact_at == clock.now
        assert len(session.scalars(select(MonthlyUpdate)).all()) == 1
    receipts = [t for t in ("\n".join(mrkdwn_texts(c.args)) for c in dms_to(fake_slack, "U1"))]
    assert any("Sent your monthly update to <@U2> and <@U3>" in r for r in receipts)
    assert "*Last update:* " in "\n".join(mrkdwn_texts(kofi_home))
    assert "to <@U2> and <@U3>" in "\n".join(mrkdwn_texts(kofi_home))
    assert "last update received" in "\n".join(mrkdwn_texts(dana_home))


def test_a_manager_without_a_campaign_sees_the_day_in_her_own_zone(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """Dana (New York) has no member row to store her zone: her Home asks Slack for it."""
    link_dana(slack, fake_slack, db)
    command_with_home(slack, fake_slack, "add Run the Q1 planning retro", user="U1")
    clock.advance(hours=12)  # Tue 24 Nov 03:00 UTC is still Mon 23 Nov, 22:00, in New York
    view = open_update(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    sent_ok(slack, fake_slack, view, "Ran the retro.", ["manager"])
    dana_home = "\n".join(mrkdwn_texts(home_after(fake_slack, before=before + 1, user="U2")))
    assert "last update received Mon 23 Nov 2026" in dana_home, dana_home


def test_a_private_win_left_tagged_stops_the_send_and_nothing_goes_out(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_dana(slack, fake_slack, db)
    a_month(slack, fake_slack, clock)
    view = open_update(slack, fake_slack)
    reply = send(slack, fake_slack, view, draft_of(view), ["manager"])
    body = reply.json()
    assert body["response_action"] == "errors"
    assert "[private]" in body["errors"][ids.UPDATE_TEXT_BLOCK]
    assert rows(db) == [] and update_dms(fake_slack, "U2") == []


def test_a_private_win_reaches_the_manager_only_when_kofi_keeps_it_untagged(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_dana(slack, fake_slack, db)
    a_month(slack, fake_slack, clock)
    view = open_update(slack, fake_slack)
    sent_ok(slack, fake_slack, view, draft_of(view).replace("[private] ", ""), ["manager"])
    [dm] = update_dms(fake_slack, "U2")
    assert PRIVATE in dm
    assert update_dms(fake_slack, "U3") == []


def test_no_manager_offers_a_copy_to_forward_and_sends_it_to_kofi_only(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    a_month_without_dana = ["add Run the retro", "win Shipped it share"]
    for text in a_month_without_dana:
        command_with_home(slack, fake_slack, text, user="U1")
    view = open_update(slack, fake_slack)
    shown = "\n".join(mrkdwn_texts(view))
    assert "You have no linked manager" in shown
    [to_block] = [b for b in view["blocks"] if b.get("block_id") == ids.UPDATE_TO_BLOCK] or [None]
    assert to_block is None  # nobody to offer: no manager, no stakeholders
    [self_block] = [b for b in view["blocks"] if b.get("block_id") == ids.UPDATE_SELF_BLOCK]
    assert [o["value"] for o in self_block["element"]["initial_options"]] == ["self"]

    before = count(fake_slack, "views.publish")
    reply = slack.submit(
        view, {ids.UPDATE_TEXT_BLOCK: draft_of(view), ids.UPDATE_SELF_BLOCK: ["self"]}
    )
    assert reply.status == 200 and reply.body == "", reply.body
    home = home_after(fake_slack, before=before, user="U1")
    copies = [c for c in dms_to(fake_slack, "U1") if c.args.get("text") == "Your monthly update"]
    assert len(copies) == 1 and "Shipped it" in text_of(copies[0])
    assert update_dms(fake_slack, "U2") == []
    assert "to your own DM" in "\n".join(mrkdwn_texts(home))


def test_nobody_chosen_is_refused_on_the_form(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_dana(slack, fake_slack, db)
    view = open_update(slack, fake_slack)
    reply = send(slack, fake_slack, view, "Hello", [])
    assert reply.json()["errors"] == {
        ids.UPDATE_TO_BLOCK: "Pick at least one person to send it to."
    }


@pytest.mark.parametrize("text", ["", "   ", "a\x00b", "x" * 3001])
def test_bad_text_is_refused_on_the_form(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, text: str
) -> None:
    link_dana(slack, fake_slack, db)
    view = open_update(slack, fake_slack)
    reply = send(slack, fake_slack, view, text, ["manager"])
    assert reply.status == 200
    assert rows(db) == [] and update_dms(fake_slack, "U2") == []


def test_forged_recipients_send_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """Someone else's stakeholder row, a made-up value, and "manager" with no link."""
    command_with_home(slack, fake_slack, "stakeholder add <@U4> ops", user="U2")
    with db.session() as session:
        [theirs] = session.scalars(select(Stakeholder)).all()
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    view = open_update(slack, fake_slack)
    for forged in ([f"stakeholder:{theirs.id}"], ["stakeholder:999999"], ["manager"], ["U4"]):
        reply = send(slack, fake_slack, view, "Hello", forged)
        assert reply.status == 200
        assert reply.json()["response_action"] == "errors", forged
    assert rows(db) == []
    assert update_dms(fake_slack, "U4") == [] and update_dms(fake_slack, "U2") == []


def test_a_form_sent_after_the_manager_unlinked_reaches_nobody(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_id = link_dana(slack, fake_slack, db)
    view = open_update(slack, fake_slack)
    before = count(fake_slack, "views.publish")
    press(slack, fake_slack, ids.MANAGER_UNLINK, link_id, user="U2", container="view")
    home_after(fake_slack, before=before, user="U2")
    reply = send(slack, fake_slack, view, "Hello", ["manager"])
    assert "link ended" in reply.json()["errors"][ids.UPDATE_TEXT_BLOCK]
    assert rows(db) == [] and update_dms(fake_slack, "U2") == []


def test_the_next_draft_starts_where_the_last_ended(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_dana(slack, fake_slack, db)
    a_month(slack, fake_slack, clock)
    view = open_update(slack, fake_slack)
    sent_ok(slack, fake_slack, view, "November: done", ["manager"])
    clock.advance(days=30)
    command_with_home(slack, fake_slack, "done 2 Presented it", user="U1")
    later = draft_of(open_update(slack, fake_slack))
    assert "#2 Present the roadmap" in later and "Presented it" in later
    assert "Run the Q1 planning retro" not in later and "New on my list" not in later
    shown = "\n".join(mrkdwn_texts(open_update(slack, fake_slack)))
    assert "*Last update:* " in shown and "to <@U2>" in shown


def test_the_update_move_in_the_check_in_opens_the_draft(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_dana(slack, fake_slack, db)
    before = count(fake_slack, "chat.postMessage")
    command_with_home(slack, fake_slack, "checkin", user="U1")
    [checkin] = [
        c
        for c in fake_slack.wait_for("chat.postMessage", before + 1)[before:]
        if "leadership move" in str(c.args.get("text"))
    ]
    assert "Send your manager this month's update" in str(checkin.args.get("text"))
    buttons = [
        e
        for b in checkin.args["blocks"]
        if b.get("type") == "actions"
        for e in b["elements"]
        if e.get("action_id") == ids.CHECKIN_UPDATE
    ]
    assert len(buttons) == 1
    opened = count(fake_slack, "views.open")
    reply = slack.click(ids.CHECKIN_UPDATE, value=buttons[0]["value"], container="message")
    assert reply.status == 200
    view = modal_after(fake_slack, before=opened)
    assert view["callback_id"] == ids.UPDATE_MODAL

    # Sending it is the week's move done: the check-in DM says so and loses its buttons.
    updated = count(fake_slack, "chat.update")
    sent_ok(slack, fake_slack, view, "November in short", ["manager"])
    done = fake_slack.wait_for("chat.update", updated + 1)[updated]
    shown = text_of(done)
    assert "Done." in shown and "Sent my monthly update." in shown
    assert ids.CHECKIN_UPDATE not in str(done.args["blocks"])
    assert "Sent my monthly update" not in "\n".join(mrkdwn_texts(slack.command("wins").json()))


def test_someone_with_nothing_yet_is_told_how_to_start(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply = slack.command("update", user="U4")
    assert "nothing to report yet" in reply.text


def test_the_longest_text_of_markup_characters_still_fits_one_valid_message(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """3,000 characters that each escape to four or five: every block valid, the message
    under Slack's text limit (check_payloads runs on every call after the test)."""
    link_dana(slack, fake_slack, db)
    view = open_update(slack, fake_slack)
    sent_ok(slack, fake_slack, view, "<&>" * 1000, ["manager"])
    [dm] = update_dms(fake_slack, "U2")
    assert "&lt;&amp;&gt;" in dm and "<&>" not in dm.replace("<@U1>", "")


def test_a_first_update_tells_the_campaign_since_it_started(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """Kofi started 40 days ago: the items Dana asked for at the start are in his first
    draft; 70 days on, only the last 60 days are."""
    link_dana(slack, fake_slack, db)
    a_month(slack, fake_slack, clock)
    clock.advance(days=37)
    draft = draft_of(open_update(slack, fake_slack))
    assert "• #3 Mentor the new hire (my manager asked for this)" in draft
    clock.advance(days=30)
    assert "New on my list" not in draft_of(open_update(slack, fake_slack))


def test_the_draft_names_who_asked_by_their_full_name(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    command_with_home(slack, fake_slack, "add Lead a design review from <@U3|carol>", user="U1")
    draft = draft_of(open_update(slack, fake_slack))
    assert "• #1 Lead a design review (Carol Ibáñez asked for this)" in draft


def test_the_update_dms_button_follows_the_link_not_the_message(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """The button in an old update DM: refused while Dana is unlinked and to Carol (who got
    the update too), and the form again once Kofi and Dana are linked anew."""
    link_id = link_dana(slack, fake_slack, db)
    command_with_home(slack, fake_slack, f"stakeholder add {CAROL} runs platform", user="U1")
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    sent_ok(slack, fake_slack, open_update(slack, fake_slack), "Hello", ["manager"])

    def add_pressed(user: str) -> str:
        before = count(fake_slack, "views.open")
        press(slack, fake_slack, ids.MANAGER_ADD_ITEM, link_id, user=user)
        return text_of(modal_after(fake_slack, before=before))

    assert "not linked" not in add_pressed("U2")
    assert "Add what I need to see" not in add_pressed("U3")
    unlink_from_home(slack, fake_slack, link_id)
    assert "You're not linked as <@U1>'s manager" in add_pressed("U2")
    accept(slack, fake_slack, ask_ok(slack, fake_slack, db).id)
    assert "not linked" not in add_pressed("U2")


def test_the_draft_asks_slack_only_for_the_askers_it_names(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """Each name is a users.info call made before the modal opens, inside the trigger's three
    seconds: only the items the draft shows are named."""
    for n in range(12):
        fake_slack.add_user(f"U5{n:02d}", profile={"display_name": f"Asker {n}"})
        command_with_home(slack, fake_slack, f"add Item {n} from <@U5{n:02d}>", user="U1")
    before = count(fake_slack, "users.info")
    draft = draft_of(open_update(slack, fake_slack))
    assert "Asker 7 asked for this" in draft and "…and 4 more" in draft
    assert count(fake_slack, "users.info") - before <= ADDED_SHOWN


def test_nobody_chosen_with_nobody_to_offer_is_refused_on_a_block_the_form_has(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """Slack rejects errors keyed to a block the view doesn't have, and the member would see
    only "trouble connecting": with no Send to block, the refusal lands on the text."""
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    view = open_update(slack, fake_slack)
    reply = slack.submit(view, {ids.UPDATE_TEXT_BLOCK: "Hello", ids.UPDATE_SELF_BLOCK: []})
    errors = reply.json()["errors"]
    assert set(errors) <= {b.get("block_id") for b in view["blocks"] if b["type"] == "input"}
    assert "Pick at least one person" in " ".join(errors.values())
    assert rows(db) == []


def test_a_long_line_is_split_between_sections_never_inside_an_escaped_character(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    """One 3,000-character line escapes past a section's limit and is split: Dana reads the
    same characters, with no "&am" / "p;" halves at the seams."""
    link_dana(slack, fake_slack, db)
    view = open_update(slack, fake_slack)
    text = "a<b&" * 750
    sent_ok(slack, fake_slack, view, text, ["manager"])
    [call] = [c for c in dms_to(fake_slack, "U2") if "growth" in str(c.args.get("text"))]
    sections = [b["text"]["text"] for b in call.args["blocks"] if b["type"] == "section"][1:]
    assert len(sections) > 1
    assert "".join(sections) == text.replace("&", "&amp;").replace("<", "&lt;")
    for section in sections:  # each is whole escaped text: unescaped and escaped, the same
        assert escape(html.unescape(section)) == section, section[-12:]
