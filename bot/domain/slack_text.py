"""Slack's text encoding: decode what arrives (should_escape: true), escape what we post.

Slack sends real mentions as `<@U123|name>`, channels as `<#C123|name>`, links as
`<https://…|label>`, and the characters `&`, `<`, `>` the person typed as entities. We store
what the person saw when typing and escape only those three characters on the way out, which
alone stops the bot from pinging `@channel` or rendering a fake mention or link.
"""

from __future__ import annotations

import re

USER_ID = re.compile(r"^[UW][A-Z0-9]{1,30}$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{1,30}$")
_TOKEN = re.compile(r"<([^<>]*)>")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]{1,30})(?:\|[^<>]*)?>$")


def escape(text: str) -> str:
    """Escape Slack's three control characters; nothing else."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unentity(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _readable(token: str) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!subteam^"):
        return "@" + (label.lstrip("@") or target.removeprefix("!subteam^"))
    if target.startswith("!"):
        name = target[1:].split("^", 1)[0]
        return label or "@" + name
    return label or target


def decode(text: str) -> str:
    """Turn Slack-formatted command text into what the person saw when typing it."""
    return _unentity(_TOKEN.sub(lambda match: _readable(match.group(1)), text))


def mention_user_id(token: str) -> str | None:
    """The user id in one Slack mention token (`<@U123|name>` or `<@U123>`), else None."""
    match = _MENTION.match(token.strip())
    return match.group(1) if match else None


def is_user_id(value: str | None) -> bool:
    return bool(value) and bool(USER_ID.match(value or ""))
