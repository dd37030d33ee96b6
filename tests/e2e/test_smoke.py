from bot.devtools.fake_slack import FakeSlack
from tests.support.slack_requests import SlackDriver


def test_add_then_list(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply = slack.command("add Run the team retro due friday")
    assert reply.status == 200, reply.body
    print(reply.body)
    fake_slack.wait_for("views.publish")
    reply = slack.command("list")
    print(reply.body)
    assert "Run the team retro" in reply.text
