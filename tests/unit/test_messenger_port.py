"""The Slack client and the tests' fake both satisfy the Messenger port."""

from bot.services.messenger import Messenger
from bot.slack.client import SlackClient, make_web_client
from tests.support.fake_messenger import FakeMessenger


def test_the_slack_client_and_the_fake_are_messengers() -> None:
    real = SlackClient(make_web_client(token=None, base_url="http://127.0.0.1:9/"))
    assert isinstance(real, Messenger)
    assert isinstance(FakeMessenger(), Messenger)
