"""Every mrkdwn text object in the bot's code goes through `md()`, so it is always verbatim,
and every message is sent through bot/slack/client.py, which turns unfurls off.

The teardown check in tests/conftest.py catches a loose mrkdwn object or an unfurling message
in whatever a test makes the bot send; this one also covers code no test happens to reach.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
# slack_sdk turns a plain `text="…"` into mrkdwn for these; md() makes it verbatim.
MRKDWN_BY_DEFAULT = {"SectionBlock": ("text", "fields"), "ConfirmObject": ("text",)}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_md(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == "md"


def loose_mrkdwn(source: str, path: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        where = f"{path}:{node.lineno}"
        if name == "MarkdownTextObject" and not path.endswith("format.py"):
            found.append(f"{where} MarkdownTextObject outside md()")
        for keyword in node.keywords:
            if keyword.arg not in MRKDWN_BY_DEFAULT.get(name, ()):
                continue
            values = (
                keyword.value.elts
                if isinstance(keyword.value, ast.List | ast.Tuple)
                else [keyword.value]
            )
            found.extend(f"{where} {name}({keyword.arg}=…)" for v in values if not _is_md(v))
        if name == "ContextBlock":
            for keyword in node.keywords:
                if keyword.arg == "elements" and isinstance(keyword.value, ast.List):
                    found.extend(
                        f"{where} ContextBlock text element"
                        for v in keyword.value.elts
                        if isinstance(v, ast.Constant | ast.JoinedStr)
                    )
    return found


def direct_replies(source: str, path: str) -> list[str]:
    """Bolt's respond/say, or an ack carrying a message, called around client.py's helpers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or path.endswith("client.py"):
            continue
        name = _name(node.func)
        carries_message = bool(node.args) or any(
            k.arg in ("text", "blocks") or k.arg is None for k in node.keywords
        )
        if name in ("respond", "say") or (name == "ack" and carries_message):
            found.append(f"{path}:{node.lineno} {name}(…)")
    return found


def test_every_reply_goes_through_the_client_helpers() -> None:
    found = []
    for path in sorted(BOT.rglob("*.py")):
        if path.is_relative_to(BOT / "devtools"):  # `mgrbot shell` drives the app; its say()
            continue  # prints to the terminal, and it sends Slack nothing
        found.extend(direct_replies(path.read_text(), str(path.relative_to(BOT))))
    assert found == []


def test_the_check_catches_a_direct_respond() -> None:
    source = 'respond(text="hi")\nack()\nack(response_action="errors", errors={})\n'
    assert direct_replies(source, "x.py") == ["x.py:1 respond(…)"]


def test_every_mrkdwn_text_in_the_bot_goes_through_md() -> None:
    found = []
    for path in sorted(BOT.rglob("*.py")):
        found.extend(loose_mrkdwn(path.read_text(), str(path.relative_to(BOT))))
    assert found == []


def test_the_check_catches_a_plain_section_text() -> None:
    source = 'SectionBlock(text="hi")\nConfirmObject(title="t", text=md("ok"))\n'
    assert loose_mrkdwn(source, "x.py") == ["x.py:1 SectionBlock(text=…)"]
