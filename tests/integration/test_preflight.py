"""SLACK_API_URL points at something that is not Slack's Web API (a typo, a corporate proxy's
HTML error page): start-up says the URL is wrong, not the bot token."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.config import ConfigError
from bot.slack.preflight import check_bot_token


class HtmlPage(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = b"<html><body>404 Not Found</body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_url_that_is_not_slack_is_not_blamed_on_the_token() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), HtmlPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ConfigError) as raised:
            check_bot_token(
                token="xoxb-good", base_url=f"http://127.0.0.1:{server.server_port}/api/"
            )
    finally:
        server.shutdown()
    message = str(raised.value)
    assert "SLACK_BOT_TOKEN was rejected" not in message, message
    assert "SLACK_API_URL" in message or "cannot reach Slack" in message, message
