"""The promotion packet end to end: `packet` puts a Markdown and a PDF file in the member's DM
(through files.getUploadURLExternal / files.completeUploadExternal), `--since` and the options
modal change what's in it, and "Send to my manager" uploads it to the linked manager's DM once,
records it, and refuses the unlinked, the never linked and every forged press or submission.

U1 is Kofi (Europe/Berlin), U2 Dana (his manager once linked), U3 Carol (a stakeholder).
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from typing import Any

import pypdf
import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack, ScriptedReply
from bot.models import Member, PacketShare, Reflection
from bot.slack import ids
from tests.e2e.test_manager_links import accept, ask_ok, command_with_home, dms_to, refused
from tests.support.clock import FrozenClock
from tests.support.home_helpers import count, home_after, modal_after
from tests.support.readers import buttons, mrkdwn_texts
from tests.support.slack_requests import SlackDriver

HEBREW = "לתעד את תהליך השחרור"
LINE = "Can we talk it through <!channel> on *Friday*?"


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(
        "U1", tz="Europe/Berlin", profile={"real_name": "Kofi Mensah", "display_name": "kofi"}
    )
    fake_slack.add_user(
        "U2", tz="America/New_York", profile={"real_name": "Dana Whitfield", "display_name": "dana"}
    )
    fake_slack.add_user("U3", profile={"display_name": "carol", "real_name": "Carol Ng"})


def wait_until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def history(slack: SlackDriver, fake: FakeSlack, db: Database, clock: FrozenClock) -> int:
    """Dana linked; items from Dana, Carol (a stakeholder) and Kofi; evidence; wins."""
    link = ask_ok(slack, fake, db)
    accept(slack, fake, link.id)
    command_with_home(slack, fake, "add Run the Q1 planning retro", user="U1")
    command_with_home(slack, fake, f"add {HEBREW}", user="U1")
    before = count(fake, "views.publish")
    assert slack.command("for <@U1|kofi> add Mentor the new hire", user="U2").status == 200
    home_after(fake, before=before, user="U1")
    home_after(fake, before=before + 1, user="U2")
    command_with_home(slack, fake, "stakeholder add <@U3|carol> runs platform", user="U1")
    clock.advance(days=40)
    command_with_home(slack, fake, "done 1 Shipped the retro doc; 8 people came", user="U1")
    command_with_home(slack, fake, "win Walked the new hire through a deploy share", user="U1")
    command_with_home(slack, fake, "win Calmed the payments escalation", user="U1")
    return link.id


def ready_dms(fake: FakeSlack, user: str = "U1") -> list[dict[str, Any]]:
    return [c.args for c in dms_to(fake, user) if "Your packet is above" in str(c.args["text"])]


def build(slack: SlackDriver, fake: FakeSlack, text: str = "packet") -> list[tuple[str, bytes]]:
    """`/mgr-goal <text>`; waits for the follow-up DM; returns the files put in U1's DM."""
    uploads, ready = len(fake.uploaded()), len(ready_dms(fake))
    reply = slack.command(text, user="U1")
    assert reply.status == 200 and "Building your packet" in reply.body, reply.body
    wait_until(lambda: len(ready_dms(fake)) > ready)
    return [(title, data) for channel, title, data in fake.uploaded()[uploads:]]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_packet_puts_markdown_and_pdf_in_the_members_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_id = history(slack, fake_slack, db, clock)
    files = build(slack, fake_slack)
    assert [title for title, _ in files] == [
        "Promotion packet: Kofi Mensah (Markdown)",
        "Promotion packet: Kofi Mensah (PDF)",
    ]
    assert {c for c, _, _ in fake_slack.uploaded()} == {"DU1"}
    markdown = files[0][1].decode()
    assert "Progress: 1 of 3 items done" in markdown
    assert "### Asked by Dana Whitfield (manager)\n\n- #3 Mentor the new hire: open" in markdown
    assert "Shipped the retro doc; 8 people came" in markdown
    assert "Walked the new hire through a deploy" in markdown
    assert "Calmed the payments escalation" not in markdown  # a private win
    assert "- Carol Ng: runs platform" in markdown
    assert "U2" not in markdown and "U3" not in markdown
    pages, text = pdf_text(files[1][1])
    assert pages >= 2 and "Kofi Mensah" in text
    assert HEBREW.split()[0] in text or HEBREW.split()[0][::-1] in text
    [ready] = ready_dms(fake_slack)
    assert buttons(ready)[ids.PACKET_SHARE] == str(link_id)
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert "Your promotion packet" in str(complete.args["initial_comment"])


def test_since_and_the_options_modal(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    history(slack, fake_slack, db, clock)
    later = (clock() + __import__("datetime").timedelta(days=1)).date().isoformat()
    files = build(slack, fake_slack, f"packet --since {later}")
    markdown = files[0][1].decode()
    assert "covering what happened since" in markdown
    assert "Shipped the retro doc" not in markdown and "Mentor the new hire" in markdown
    assert "Walked the new hire" not in markdown

    reply = slack.command("packet --since yesterday-ish", user="U1")
    assert "isn't a date I can read" in reply.body

    before = count(fake_slack, "views.open")
    assert slack.command("packet options", user="U1").status == 200
    view = modal_after(fake_slack, before=before)
    uploads, ready = len(fake_slack.uploaded()), len(ready_dms(fake_slack))
    with db.session() as session:
        kofi = session.scalars(select(Member).where(Member.user_id == "U1")).one()
        session.add(
            Reflection(
                member_id=kofi.id,
                still_want="yes",
                energised="Coaching <b>Ana</b>",
                created_at=clock(),
            )
        )
    values = {
        ids.PACKET_SECTIONS_BLOCK: ["list", "testimonials", "stakeholders", "updates"],
        ids.PACKET_PRIVATE_BLOCK: [ids.PACKET_PRIVATE_OPTION, ids.PACKET_REFLECTIONS_OPTION],
    }
    assert slack.submit(view, values, view_id="VOPT").status == 200
    # A double Build: the second is acked only after finding the first one's claim, so by the
    # time it returns it can build nothing more.
    assert slack.submit(view, values, view_id="VOPT").status == 200
    wait_until(lambda: len(ready_dms(fake_slack)) > ready)
    new = fake_slack.uploaded()[uploads:]
    assert len(new) == 2 and len(ready_dms(fake_slack)) == ready + 1
    markdown = new[0][2].decode()
    assert "## Wins by skill area" not in markdown
    assert "Wins: 2 ·" in markdown  # the private win counted when asked for
    assert "## Stakeholder log" in markdown
    assert "## Reflections" in markdown and "Energised: Coaching <b>Ana</b>" in markdown


def open_share(slack: SlackDriver, fake: FakeSlack, link_id: int) -> dict[str, Any]:
    before = count(fake, "views.open")
    assert slack.click(ids.PACKET_SHARE, value=str(link_id), user="U1").status == 200
    return modal_after(fake, before=before)


def shares(db: Database) -> list[tuple[str, str | None, str]]:
    with db.session() as session:
        return [
            (s.manager_user_id, s.note, s.state)
            for s in session.scalars(select(PacketShare).order_by(PacketShare.id))
        ]


def test_send_to_my_manager_uploads_once_to_the_managers_dm(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_id = history(slack, fake_slack, db, clock)
    build(slack, fake_slack)
    view = open_share(slack, fake_slack, link_id)
    values = {ids.PACKET_NOTE_BLOCK: LINE}
    first = slack.submit(view, values, view_id="VSHARE")
    second = slack.submit(view, values, view_id="VSHARE")
    assert first.status == 200 and second.status == 200
    # The second Send was acked only after finding the first one's claim: nothing follows it.
    wait_until(lambda: any("Sent to" in str(c.args["text"]) for c in dms_to(fake_slack, "U1")))
    to_dana = [(title, data) for c, title, data in fake_slack.uploaded() if c == "DU2"]
    assert [title for title, _ in to_dana] == [
        "Promotion packet: Kofi Mensah (Markdown)",
        "Promotion packet: Kofi Mensah (PDF)",
    ]
    [complete] = [
        c
        for c in fake_slack.calls_to("files.completeUploadExternal")
        if c.args["channel_id"] == "DU2"
    ]
    assert complete.args["initial_comment"] == "<@U1> shared their promotion packet with you."
    [note] = [c.args for c in dms_to(fake_slack, "U2") if "shared their" in str(c.args["text"])]
    text = "\n".join(mrkdwn_texts(note))
    assert "> Can we talk it through &lt;!channel&gt; on *Friday*?" in text
    assert "<!channel>" not in json.dumps(note)
    blocks = note["blocks"] if isinstance(note["blocks"], list) else json.loads(note["blocks"])
    assert blocks[0]["text"]["verbatim"] is True
    assert shares(db) == [("U2", LINE, "sent")]
    [receipt] = [c.args for c in dms_to(fake_slack, "U1") if "Sent to" in str(c.args["text"])]
    assert "Sent to <@U2>." in mrkdwn_texts(receipt)


def test_unlinked_never_linked_and_forged_shares_send_nothing(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    link_id = history(slack, fake_slack, db, clock)
    build(slack, fake_slack)
    view = open_share(slack, fake_slack, link_id)

    # Another person, or another team, pressing Kofi's button or submitting his modal.
    assert "no manager linked" in refused(slack, fake_slack, ids.PACKET_SHARE, link_id, user="U3")
    assert "no manager linked" in refused(
        slack, fake_slack, ids.PACKET_SHARE, link_id, user="U1", team="T2"
    )
    forged = slack.submit(view, {ids.PACKET_NOTE_BLOCK: "hi"}, user="U3")
    assert "no manager linked" in forged.body
    assert "no manager linked" in refused(slack, fake_slack, ids.PACKET_SHARE, "abc", user="U1")
    assert "no manager linked" in refused(slack, fake_slack, ids.PACKET_SHARE, 999, user="U1")

    # Kofi unlinks Dana while the modal is open.
    before = count(fake_slack, "views.publish")
    assert slack.command("manager off", user="U1").status == 200
    fake_slack.wait_for("views.publish", before + 2)
    late = slack.submit(view, {ids.PACKET_NOTE_BLOCK: "hi"})
    assert "no manager linked" in late.body
    assert "no manager linked" in refused(slack, fake_slack, ids.PACKET_SHARE, link_id, user="U1")
    # Every refusal above was answered before its request returned: nothing runs after them.
    assert [c for c, _, _ in fake_slack.uploaded() if c != "DU1"] == []
    assert shares(db) == []


def test_a_member_never_linked_gets_no_send_button(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    build(slack, fake_slack)
    [ready] = ready_dms(fake_slack)
    assert ids.PACKET_SHARE not in buttons(ready)
    assert ids.PACKET_OPTIONS in buttons(ready)


def test_home_button_builds_the_packet(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    command_with_home(slack, fake_slack, "add Run the retro", user="U1")
    for where in ("home", "ready"):
        ready = len(ready_dms(fake_slack))
        container = "view"
        assert (
            slack.click(ids.PACKET_BUILD, value=where, user="U1", container=container).status == 200
        )
        wait_until(lambda: len(ready_dms(fake_slack)) > ready)  # noqa: B023
    assert len(fake_slack.uploaded()) == 4


def test_nothing_yet_is_told(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply = slack.command("packet", user="U1")
    assert reply.status == 200
    answer = fake_slack.wait_for("response_url")[0].args
    assert "nothing to put in a packet yet" in str(answer["text"])


def test_an_upload_slack_refuses_is_told_to_the_member_not_only_logged(
    slack: SlackDriver, fake_slack: FakeSlack, db: Database, clock: FrozenClock
) -> None:
    history(slack, fake_slack, db, clock)
    fake_slack.script(
        "files.completeUploadExternal", ScriptedReply(200, {"ok": False, "error": "internal_error"})
    )
    before = len(dms_to(fake_slack, "U1"))
    reply = slack.command("packet", user="U1")
    assert "Building your packet" in reply.body
    wait_until(lambda: len(dms_to(fake_slack, "U1")) > before)
    [told] = dms_to(fake_slack, "U1")[before:]
    assert "couldn't put your packet in your DM" in str(told.args["text"])
    assert ready_dms(fake_slack) == []  # no "Your packet is above" under nothing
