"""Stakeholders end to end: `/mgr-goal stakeholder add|remove`, `stakeholders`, `met`, the
Home section and its "Met today" button, and every forged press that must change nothing.

U1 (Europe/Berlin) is the member, U3 (Carol) and U4 are in management, U2 another member.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.models import Stakeholder, StakeholderContact
from bot.slack import ids
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, modal_after
from tests.support.readers import mrkdwn_texts, text_of
from tests.support.slack_requests import SlackDriver

CAROL = "<@U3|carol>"
SECTION = "Stakeholders ("


def rows(db: Database, user: str = "U1") -> list[Stakeholder]:
    with db.session() as session:
        return list(
            session.scalars(
                select(Stakeholder)
                .where(Stakeholder.member.has(user_id=user))
                .order_by(Stakeholder.id)
            )
        )


def contacts(db: Database) -> list[StakeholderContact]:
    with db.session() as session:
        return list(session.scalars(select(StakeholderContact).order_by(StakeholderContact.id)))


def add_ok(slack: SlackDriver, fake: FakeSlack, rest: str, *, user: str = "U1") -> str:
    before = count(fake, "views.publish")
    reply = slack.command(f"stakeholder add {rest}", user=user)
    assert reply.status == 200 and "to your stakeholders" in reply.text, reply.text
    home_after(fake, before=before, user=user)
    return reply.text


def section(home: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stakeholder's line (its buttons are in the actions block after it)."""
    return [
        b
        for b in home["blocks"]
        if str(b.get("block_id", "")).startswith("stakeholder-") and b["type"] == "section"
    ]


def row_buttons(home: dict[str, Any], stakeholder_id: int) -> list[dict[str, Any]]:
    [actions] = [
        b for b in home["blocks"] if b.get("block_id") == f"stakeholder-actions-{stakeholder_id}"
    ]
    return list(actions["elements"])


def met_today(
    slack: SlackDriver, fake: FakeSlack, value: str, *, user: str = "U1", team: str = "T1"
) -> None:
    reply = slack.click(ids.STAKEHOLDER_MET, value=value, user=user, team=team, container="view")
    assert reply.status == 200, reply.body


def test_add_list_met_and_remove(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    text = add_ok(slack, fake_slack, f"{CAROL} runs the platform group")
    assert "Added <@U3> to your stakeholders" in text
    add_ok(slack, fake_slack, "<@U4|ravi>")
    [carol, ravi] = rows(db)
    assert (carol.user_id, carol.note, carol.last_contact_at) == (
        "U3",
        "runs the platform group",
        None,
    )
    assert ravi.note is None

    listed = slack.command("stakeholders").text
    assert "<@U3> · _runs the platform group_ · not talked yet" in listed
    assert "<@U4> · not talked yet" in listed

    before = count(fake_slack, "views.publish")
    reply = slack.command(f"met {CAROL} talked about the Q1 reorg")
    assert "Logged a conversation with <@U3>: last talked Mon 23 Nov 2026" in reply.text
    home_after(fake_slack, before=before)
    [contact] = contacts(db)
    assert (contact.stakeholder_id, contact.note) == (carol.id, "talked about the Q1 reorg")

    listed = slack.command("stakeholders").text
    # Oldest contact first: Ravi (never) before Carol.
    assert listed.index("<@U4>") < listed.index("<@U3>")
    assert "last talked Mon 23 Nov 2026" in listed

    before = count(fake_slack, "views.publish")
    assert "Removed <@U3>" in slack.command(f"stakeholder remove {CAROL}").text
    home_after(fake_slack, before=before)
    assert [r.user_id for r in rows(db)] == ["U4"]
    assert contacts(db) == []
    again = slack.command(f"stakeholder remove {CAROL}").text
    assert "<@U3> isn't on your stakeholder list" in again


def test_first_add_enrols_the_member(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    assert "No stakeholders yet" in slack.command("stakeholders").text
    add_ok(slack, fake_slack, CAROL)
    assert [r.user_id for r in rows(db)] == ["U3"]


def test_guard_rails(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    assert "That's you" in slack.command("stakeholder add <@U1|kofi>").text
    assert "couldn't read `carol`" in slack.command("stakeholder add carol").text
    assert "Name a person" in slack.command("stakeholder add").text
    assert "`add`, `remove` or `ask`" in slack.command(f"stakeholder invite {CAROL}").text
    assert "under 300 characters" in slack.command(f"stakeholder add {CAROL} {'x' * 301}").text
    assert rows(db) == []

    add_ok(slack, fake_slack, CAROL)
    dup = slack.command(f"stakeholder add {CAROL} again").text
    assert "<@U3> is already on your stakeholder list" in dup
    assert len(rows(db)) == 1

    refused = slack.command("met <@U4|ravi> lunch").text
    assert "<@U4> isn't on your stakeholder list" in refused
    assert "Add <@U4> first: type `/mgr-goal stakeholder add` and mention them" in refused
    assert contacts(db) == []


def test_at_most_twenty(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> None:
    for n in range(20):
        reply = slack.command(f"stakeholder add <@U{100 + n}|p{n}>")
        assert "to your stakeholders" in reply.text, reply.text
    refused = slack.command("stakeholder add <@U200|one-more>").text
    assert "You already have 20 stakeholders" in refused
    assert len(rows(db)) == 20


def test_notes_are_escaped_verbatim(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    # As Slack sends it: <!channel> is a token, the rest HTML-escaped.
    add_ok(slack, fake_slack, f"{CAROL} <!channel> @here &lt;b&gt;&amp;&lt;/b&gt; *bold*")
    [row] = rows(db)
    assert row.note == "@channel @here <b>&</b> *bold*"
    listed = slack.command("stakeholders")
    texts = mrkdwn_texts(listed.json())
    assert any("@channel @here &lt;b&gt;&amp;&lt;/b&gt; *bold*" in t for t in texts)
    assert not any("<!channel>" in t or "<!here>" in t for t in texts)


def test_home_section_and_met_today(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    before = count(fake_slack, "views.publish")
    slack.command("add Run the retro")
    home = home_after(fake_slack, before=before)
    assert SECTION not in text_of(home)

    add_ok(slack, fake_slack, f"{CAROL} platform")
    [carol] = rows(db)
    # 23:30 UTC on Monday is already Tuesday in Berlin: the member's day is shown.
    clock.advance(hours=8, minutes=30)
    before = count(fake_slack, "views.publish")
    met_today(slack, fake_slack, str(carol.id))
    home = home_after(fake_slack, before=before)
    assert "Stakeholders (1)" in text_of(home)
    [block] = section(home)
    [met, ask] = row_buttons(home, carol.id)
    assert (met["action_id"], met["value"], met["text"]["text"]) == (
        ids.STAKEHOLDER_MET,
        str(carol.id),
        "Met today",
    )
    assert (ask["action_id"], ask["value"], ask["text"]["text"]) == (
        ids.STAKEHOLDER_ASK,
        str(carol.id),
        "Ask what they'd need",
    )
    assert "<@U3> · _platform_ · last talked Tue 24 Nov 2026" in block["text"]["text"]
    [contact] = contacts(db)
    assert contact.stakeholder_id == carol.id and contact.note is None
    assert "last talked Tue 24 Nov 2026" in slack.command("stakeholders").text


def test_forged_met_today_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    add_ok(slack, fake_slack, CAROL)
    add_ok(slack, fake_slack, CAROL, user="U2")  # another member's stakeholder
    [others] = rows(db, "U2")
    [mine] = rows(db, "U1")
    for value, user, team in [
        (str(others.id), "U1", "T1"),  # another member's row
        (str(mine.id), "U1", "T9"),  # the same user id in another team
        (str(mine.id), "U4", "T1"),  # someone who isn't a member
        ("garbage", "U1", "T1"),
        ("99999", "U1", "T1"),
    ]:
        before = count(fake_slack, "views.open")
        met_today(slack, fake_slack, value, user=user, team=team)
        refusal = modal_after(fake_slack, before=before)
        assert "isn't on your list" in text_of(refusal)
    assert contacts(db) == []
    assert all(r.last_contact_at is None for r in rows(db, "U1") + rows(db, "U2"))


def test_the_added_reply_never_puts_a_mention_in_a_code_span(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    # Slack shows a mention inside `code` as its raw token (<@U2>), not as a name.
    before = count(fake_slack, "views.publish")
    reply = slack.command("stakeholder add <@U2|carol>", user="U1")
    home_after(fake_slack, before=before)  # the last step, before the fake stops

    assert "`/mgr-goal met`" in reply.text
    for line in reply.text.splitlines():
        spans = re.findall(r"`[^`]+`", line)
        assert not [span for span in spans if "<@" in span], line
