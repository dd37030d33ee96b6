"""Files into a person's DM through the real WebClient and the fake Slack: the three steps of
files_upload_v2 (get an upload URL, upload the bytes, complete into the DM's channel)."""

from __future__ import annotations

import pytest

from bot.devtools.fake_slack import FakeSlack
from bot.services.messenger import SendFailed, Upload
from bot.slack.client import SlackClient, make_web_client


@pytest.fixture
def fake() -> FakeSlack:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def client(fake: FakeSlack) -> SlackClient:
    return SlackClient(make_web_client(token="xoxb-test", base_url=fake.api_url))


def test_files_land_in_the_dm_channel_with_their_bytes(fake: FakeSlack) -> None:
    pdf = bytes(range(256)) * 40  # binary, with NULs: the bytes must arrive untouched
    client(fake).upload_to_dm(
        user_id="U1",
        files=[
            Upload("packet.md", "Promotion packet (Markdown)", b"# Kofi\n"),
            Upload("packet.pdf", "Promotion packet (PDF)", pdf),
        ],
        comment="Your packet",
    )
    [opened] = fake.calls_to("conversations.open")
    assert opened.args["users"] == "U1"
    assert fake.uploaded() == [
        ("DU1", "Promotion packet (Markdown)", b"# Kofi\n"),
        ("DU1", "Promotion packet (PDF)", pdf),
    ]
    [complete] = fake.calls_to("files.completeUploadExternal")
    assert complete.args["initial_comment"] == "Your packet"


def test_a_refused_upload_is_the_ports_error(fake: FakeSlack) -> None:
    from bot.devtools.fake_slack import ScriptedReply

    fake.script(
        "files.completeUploadExternal", ScriptedReply(200, {"ok": False, "error": "not_in_channel"})
    )
    with pytest.raises(SendFailed) as refused:
        client(fake).upload_to_dm(user_id="U1", files=[Upload("a.md", "a", b"x")], comment="c")
    assert refused.value.code == "not_in_channel"
