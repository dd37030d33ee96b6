"""Check Block Kit payloads with slack_sdk's own models, plus the limits they don't check.

Also the two rules that keep user text inert wherever the bot shows it: every mrkdwn text
object is `verbatim` (Slack then neither links bare URLs and channel names nor parses
mentions such as `@channel`), and every message sets `unfurl_links` and `unfurl_media` false
(a pasted link never previews someone else's page under the bot's name).

And that `mgrbot shell` can use it: it renders, each button and menu has a numbered control
the shell can press (with a label to press it by), and each form field is one the shell can
fill, with what the shell submits read back by the bot as the same value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.devtools import forms, render, slack_payloads
from bot.devtools.fake_slack import FakeSlack
from bot.devtools.session import block_action
from bot.devtools.workspace import Workspace
from bot.slack.payloads import ActionPayload, Submission
from tests.support.readers import data_text, decoded, mrkdwn_objects

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 12000


def check_blocks(blocks: list[dict[str, Any]], *, limit: int) -> None:
    assert len(blocks) <= limit, f"{len(blocks)} blocks; Slack allows {limit}"
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids)), "duplicate block_id"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block {block}"
        parsed.to_dict()  # recurses and raises SlackObjectFormationError on any bad field


def check_message(payload: dict[str, Any]) -> None:
    """A message body (ephemeral reply, chat.postMessage, response_url)."""
    blocks = decoded(payload.get("blocks") or [])
    check_blocks(blocks, limit=MESSAGE_BLOCKS)
    assert len(data_text({"blocks": blocks})) <= MESSAGE_TEXT, "msg_blocks_too_long"
    assert payload.get("text"), "messages need fallback text"
    check_verbatim(blocks)
    message = {"text": str(payload.get("text") or ""), "blocks": blocks}
    check_no_mention_in_code(message)
    check_shell_message(message)


def check_view(view: dict[str, Any]) -> None:
    limit = VIEW_BLOCKS
    check_blocks(view.get("blocks", []), limit=limit)
    View(**view).to_dict()
    check_verbatim(view)
    check_no_mention_in_code(view)
    check_shell_view(view)


def check_verbatim(payload: Any) -> None:
    """Every mrkdwn text object anywhere in the payload says `verbatim: true`."""
    objects = mrkdwn_objects(payload)
    loose = [str(o.get("text"))[:80] for o in objects if o.get("verbatim") is not True]
    assert not loose, f"mrkdwn without verbatim: true (Slack would parse it): {loose}"


_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_MARKUP = re.compile(r"<[@#!]")


def check_no_mention_in_code(payload: dict[str, Any]) -> None:
    """No mention, channel or `<!…>` inside a code span: Slack shows it there as raw text
    (`<@U123>`), so a hint like `/mgr-goal manager <@U123>` reads as markup, not a name."""
    texts = [str(o.get("text")) for o in mrkdwn_objects(payload)]
    if payload.get("type") not in ("home", "modal"):
        texts.append(str(payload.get("text") or ""))  # a message's fallback text is mrkdwn too
    raw = [span for text in texts for span in _CODE.findall(text) if _MARKUP.search(span)]
    assert not raw, f"markup inside code is shown raw in Slack: {raw}"


def check_unfurls_off(payload: dict[str, Any]) -> None:
    """A message that may carry user text turns link and media previews off."""
    flags = {key: payload.get(key) for key in ("unfurl_links", "unfurl_media")}
    assert flags == {"unfurl_links": False, "unfurl_media": False}, (
        f"message without unfurls off: {flags} in {str(payload.get('text'))[:80]!r}"
    )


WORKSPACE = Workspace()
# What the check types into a field of each kind, besides Enter (keep) and each option number.
SAMPLE_ANSWERS = {
    "plain_text_input": "Ran the retro with @dana & <friends>",
    "users_select": "@dana",
    "conversations_select": "#team",
    "static_select": "1",
    "radio_buttons": "1",
    "checkboxes": "1",
    "datepicker": "2027-03-31",
    "timepicker": "09:30",
}


def check_shell_message(message: dict[str, Any]) -> None:
    """`mgrbot shell` shows this message and can press each of its buttons and menus."""
    controls: list[render.Control] = []
    render.message_lines(message, WORKSPACE, _numbering(controls))
    check_shell_controls(message.get("blocks") or [], controls)


def check_shell_view(view: dict[str, Any]) -> None:
    """`mgrbot shell` shows this Home tab or modal, can press its controls and fill its form."""
    controls: list[render.Control] = []
    render.view_lines(view, WORKSPACE, _numbering(controls))
    check_shell_controls(view.get("blocks") or [], controls)
    check_shell_form(view)


def _numbering(controls: list[render.Control]) -> render.Number:
    def number(control: render.Control) -> int:
        controls.append(control)
        return len(controls)

    return number


def _interactive(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The elements of a block a person presses or picks from (not a form's inputs)."""
    if block.get("type") == "actions":
        elements = list(block.get("elements") or [])
    elif block.get("type") == "section" and block.get("accessory"):
        elements = [block["accessory"]]
    else:
        elements = []
    return [e for e in elements if isinstance(e, dict) and e.get("type") != "image"]


def check_shell_controls(blocks: list[dict[str, Any]], numbered: list[render.Control]) -> None:
    """Every interactive element offers at least one control, numbered when rendered, with a
    label, and the press the shell builds for it reads back as that element's action."""
    for block in blocks:
        block_id = str(block.get("block_id") or "")
        for element in _interactive(block):
            where = f"{element.get('type')} {element.get('action_id')!r} in block {block_id!r}"
            controls = render.element_controls(element, block_id, WORKSPACE)
            assert controls, f"mgrbot shell can't press the {where}"
            for control in controls:
                assert control.label.strip(), f"a control with no label to press it by: {where}"
                assert control in numbered, f"mgrbot shell shows no number for {where}"
                action = block_action(control, action_ts="1.000001")
                pressed = ActionPayload.of({"trigger_id": "1.shell"}, action)
                assert pressed.action_id and pressed.action_id == element.get("action_id"), where
                assert pressed.value == control.value, f"{where}: the press loses its value"


def check_shell_form(view: dict[str, Any]) -> None:
    """Each input block is a field the shell fills: Enter keeps the initial value, and each
    sample answer (every option, for a menu) is accepted and submitted as the bot reads it."""
    inputs = [b for b in view.get("blocks") or [] if b.get("type") == "input"]
    fields = forms.fields_of(view, WORKSPACE)
    assert len(fields) == len(inputs)
    for block, field in zip(inputs, fields, strict=True):
        where = f"{field.kind} field {field.label!r} (block {field.block_id!r})"
        assert field.kind in forms.KINDS, f"mgrbot shell can't fill the {where}"
        assert field.label.strip() and field.block_id, f"the shell can't ask for the {where}"
        assert forms.answer(field, "", WORKSPACE) == field.initial, where
        typed = [SAMPLE_ANSWERS[field.kind]]
        if field.kind in ("static_select", "radio_buttons", "checkboxes"):
            typed = [str(n) for n in range(1, len(field.options) + 1)] or typed
        values = [field.initial]
        for answer in typed:
            try:
                values.append(forms.answer(field, answer, WORKSPACE))
            except forms.AnswerError as exc:
                message = f"the shell can't put {answer!r} in the {where}: {exc}"
                raise AssertionError(message) from exc
        for value in values:
            submitted = slack_payloads.view_submission_payload(
                {**view, "blocks": [block]},
                {field.block_id: value},
                view_id="V1",
                trigger_id="1.shell",
            )
            read = Submission.of(submitted["view"]).values.get(field.block_id)
            assert read == value, f"the shell submits {value!r}; the bot reads {read!r}: {where}"


def check_ack(status: int, body: str) -> None:
    """What the app answered Slack in the HTTP response: a message, a view, or nothing."""
    if status != 200 or not body:
        return
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise AssertionError(f"plain-text ack can't turn unfurls off: {body[:80]!r}") from None
    if not isinstance(data, dict):
        return
    if "view" in data:
        check_view(decoded(data["view"]))
    elif "text" in data or "blocks" in data:
        check_message(data)
        check_unfurls_off(data)


VIEW_METHODS = ("views.publish", "views.open", "views.update", "views.push")
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url")


def check_payloads(fake: FakeSlack) -> None:
    """Every Block Kit payload the bot sent validates and fits Slack's limits (conftest runs
    this at every fake Slack's teardown; tests that start their own fake call it)."""
    for call in fake.calls:
        if call.method in VIEW_METHODS:
            check_view(decoded(call.args["view"]))
        elif call.method in MESSAGE_METHODS:
            check_message(call.args)
            if call.method != "chat.update":
                check_unfurls_off(call.args)
