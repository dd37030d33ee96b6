"""Text no database can store is refused with a clear message, the same on SQLite and Postgres.

A NUL character can't go into a Postgres text column, and a lone surrogate (Slack's JSON can
carry `"\\ud800"`: half an emoji) can't be encoded as UTF-8. Before this was checked, such
text gave HTTP 500 on Postgres and was stored on SQLite.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.models import Base
from bot.slack import ids
from tests.support.checkin_helpers import dms
from tests.support.home_helpers import count, home_after, modal_after
from tests.support.readers import buttons
from tests.support.slack_requests import Reply, SlackDriver

REFUSAL = "a character I can't store"
NUL = "\x00"
LONE_SURROGATE = "\ud800"


def everything_stored(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to assert that a request stored nothing at all."""
    with db.session() as session:
        return {
            table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


def change(slack: SlackDriver, fake: FakeSlack, text: str) -> Reply:
    """A command that stores something; returns once the bot republished the Home tab."""
    before = count(fake, "views.publish")
    reply = slack.command(text)
    assert reply.status == 200, reply.body
    home_after(fake, before=before)
    return reply


def open_modal(slack: SlackDriver, fake: FakeSlack, text: str) -> dict[str, Any]:
    before = count(fake, "views.open")
    reply = slack.command(text)
    assert reply.status == 200, reply.body
    return modal_after(fake, before=before)


@pytest.mark.parametrize(
    "command",
    [
        f"add buy{NUL}milk",
        f"win Ran the retro{NUL}",
        f"note 1 {NUL}",
        f"blurb <@U2|sam> the {NUL} on-call week",
        f"setup{NUL}",
    ],
)
def test_a_command_with_a_nul_is_refused_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, command: str
) -> None:
    change(slack, fake_slack, "add Mentor the new hire")
    before = everything_stored(db)
    calls = len(fake_slack.calls)

    reply = slack.command(command)

    assert reply.status == 200, reply.body
    assert reply.json().get("response_type") == "ephemeral", reply.body
    assert REFUSAL in reply.text and "Remove it and try again" in reply.text
    assert everything_stored(db) == before
    assert len(fake_slack.calls) == calls, "no modal, DM or Home tab either"


MODALS = {
    "add item": ("add", ids.TEXT_BLOCK, {}),
    "win": ("win", ids.WIN_TEXT_BLOCK, {}),
    "setup": (
        "setup",
        ids.WHY_BLOCK,
        {ids.CHECKIN_DAY_BLOCK: "0", ids.CHECKIN_TIME_BLOCK: "09:00"},
    ),
}


@pytest.mark.parametrize("bad", [LONE_SURROGATE, NUL], ids=["lone surrogate", "nul"])
@pytest.mark.parametrize("form", sorted(MODALS))
def test_a_modal_field_slack_cannot_store_gets_an_inline_error_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, form: str, bad: str
) -> None:
    command, block_id, other_values = MODALS[form]
    view = open_modal(slack, fake_slack, command)
    before = everything_stored(db)

    reply = slack.submit(view, {**other_values, block_id: f"Mentor{bad} the new hire"})

    assert reply.status == 200, reply.body
    body = reply.json()
    assert body["response_action"] == "errors", body
    assert list(body["errors"]) == [block_id]
    assert REFUSAL in body["errors"][block_id]
    assert everything_stored(db) == before


def test_every_bad_field_of_a_form_gets_its_own_error(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    view = open_modal(slack, fake_slack, "setup")

    reply = slack.submit(
        view,
        {
            ids.ROLE_BLOCK: f"Engineering{LONE_SURROGATE} manager",
            ids.WHY_BLOCK: f"I like{NUL} people",
            ids.CHECKIN_DAY_BLOCK: "0",
            ids.CHECKIN_TIME_BLOCK: "09:00",
        },
    )

    errors = reply.json()["errors"]
    assert sorted(errors) == sorted([ids.ROLE_BLOCK, ids.WHY_BLOCK])
    assert all(REFUSAL in message for message in errors.values())
    assert everything_stored(db)["member"] == []


def test_a_did_it_outcome_slack_cannot_store_gets_an_inline_error_and_stores_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    change(slack, fake_slack, "add Mentor the new hire")
    before_home = count(fake_slack, "views.publish")
    assert slack.command("checkin").status == 200
    home_after(fake_slack, before=before_home)
    [dm] = dms(fake_slack, "U1")
    before_open = count(fake_slack, "views.open")
    click = slack.click(
        ids.CHECKIN_DID_IT, value=buttons(dm)[ids.CHECKIN_DID_IT], container="message"
    )
    assert click.status == 200, click.body
    view = modal_after(fake_slack, before=before_open)
    before = everything_stored(db)

    reply = slack.submit(view, {ids.OUTCOME_BLOCK: f"Paired with Sam {LONE_SURROGATE}"})

    body = reply.json()
    assert body["response_action"] == "errors", body
    assert list(body["errors"]) == [ids.OUTCOME_BLOCK]
    assert REFUSAL in body["errors"][ids.OUTCOME_BLOCK]
    assert everything_stored(db) == before


def test_text_with_a_look_alike_escape_is_stored_as_typed(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database
) -> None:
    """Only the characters themselves are refused: the words "\\x00" or "\\ud800" are fine."""
    change(slack, fake_slack, "add fix the \\x00 and \\ud800 bugs :tada: 🎉")

    [item] = everything_stored(db)["campaign_item"]
    assert "fix the \\x00 and \\ud800 bugs :tada: 🎉" in item
