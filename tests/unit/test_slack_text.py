from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.slack_text import decode, escape, mention_user_id


def test_escape_only_slack_control_characters() -> None:
    assert escape("<!channel> & <@U1> \"quoted\" 'x'") == (
        "&lt;!channel&gt; &amp; &lt;@U1&gt; \"quoted\" 'x'"
    )


@given(st.text())
def test_escaped_text_has_no_markup(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert decode(escaped) == text


def test_decode_special_tokens() -> None:
    assert decode("<!channel> <!here> <!subteam^S1|@leads>") == "@channel @here @leads"
    assert decode("<@U1|dana> <#C1|general> <https://a.io|docs>") == "@dana #general docs"


def test_mention_user_id() -> None:
    assert mention_user_id("<@U12AB|dana>") == "U12AB"
    assert mention_user_id("<@W12AB>") == "W12AB"
    assert mention_user_id("<#C1|general>") is None
    assert mention_user_id("@dana") is None
