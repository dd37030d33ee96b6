"""Block Kit as terminal text: what `mgrbot shell` shows for a message, the Home tab or a modal.

Pure functions from Slack's JSON to `rich.text.Text` lines. Every piece of text goes in as a
plain string with a style, never as rich markup, so a win called "[bold]" prints as typed.
Each control (a button, one option of an overflow menu or select) is handed to `number`, which
records it and returns the number the person presses it by.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from rich.emoji import Emoji
from rich.text import Text

RULE = "─" * 60


class Names(Protocol):
    def user_name(self, user_id: str) -> str: ...

    def channel_name(self, channel_id: str) -> str: ...


@dataclass(frozen=True)
class Control:
    """Something the person can press: a button, or one option of a menu."""

    label: str
    action_id: str
    block_id: str
    kind: str  # the element's type: button, overflow, static_select, …
    value: str  # a button's value, or the option's value
    option_text: str = ""  # for a menu option: the option's own text
    confirm: Mapping[str, Any] | None = None  # the "Are you sure?" dialog Slack shows first
    url: str | None = None


Number = Callable[[Control], int]

# `<…>` tokens, code, bold, italic, strike: Slack's mrkdwn as far as the bot writes it.
_MRKDWN = re.compile(
    r"<(?P<token>[^<>\n]+)>"
    r"|```(?P<pre>.+?)```"
    r"|`(?P<code>[^`\n]+)`"
    r"|(?<![\w*])\*(?P<bold>[^*\n]+?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic>[^_\n]+?)_(?![\w_])"
    r"|(?<![\w~])~(?P<strike>[^~\n]+?)~(?![\w~])",
    re.DOTALL,
)
_STYLES = {"bold": "bold", "italic": "italic", "strike": "strike", "code": "cyan", "pre": "cyan"}


# C0 and C1 controls (but newline and tab), DEL, and the bidi overrides and isolates: printed
# as-is, text someone typed could clear the screen, retitle the terminal or reorder a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """`text` safe to print to a terminal: every control character shown as its escape."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def unentity(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def words(text: str) -> str:
    """Text as Slack shows it: entities decoded, `:emoji:` codes as the emoji."""
    return Emoji.replace(inert(unentity(text)))


def token_text(token: str, names: Names) -> str:
    """One `<…>` token as a person reads it in Slack."""
    target, _, label = token.partition("|")
    if target.startswith("@"):
        return "@" + (label or names.user_name(target[1:]))
    if target.startswith("#"):
        return "#" + (label or names.channel_name(target[1:]))
    if target.startswith("!date^"):
        return unentity(label)
    if target.startswith("!subteam^"):
        return label or "@group"
    if target.startswith("!"):
        return label or "@" + target[1:]
    url = unentity(target)
    return f"{unentity(label)} ({url})" if label and label != url else url


def mrkdwn(text: str, names: Names, style: str = "") -> Text:
    """Slack's mrkdwn as styled text; a line the bot starts with `>` is a quote. (A `>` the
    person typed arrives escaped as `&gt;` and stays a plain character, as in Slack.)"""
    if "\n>" in "\n" + text:
        out = Text(style=style)
        for index, line in enumerate(text.split("\n")):
            if index:
                out.append("\n")
            if line.startswith(">"):
                out.append("▎ ", style="dim")
                out.append_text(_inline(line[1:].lstrip(), names, style + " italic"))
            else:
                out.append_text(_inline(line, names, style))
        return out
    return _inline(text, names, style)


def _inline(text: str, names: Names, style: str = "") -> Text:
    out = Text(style=style)
    position = 0
    for match in _MRKDWN.finditer(text):
        out.append(words(text[position : match.start()]))
        kind = match.lastgroup or ""
        inner = match.group(kind)
        if kind == "token":
            shown = inert(token_text(inner, names))
            out.append(shown, style="underline" if "@" in inner[:1] else "")
        elif kind in ("code", "pre"):
            out.append(inert(unentity(inner)), style=_STYLES[kind])
        else:
            out.append_text(_inline(inner, names, _STYLES[kind]))
        position = match.end()
    out.append(words(text[position:]))
    return out


def text_object(obj: object, names: Names, style: str = "") -> Text:
    """A Block Kit text object (plain_text or mrkdwn) or a bare string."""
    if isinstance(obj, str):
        return Text(inert(obj), style=style)
    if not isinstance(obj, Mapping):
        return Text("")
    raw = inert(str(obj.get("text") or ""))
    if obj.get("type") == "mrkdwn":
        return mrkdwn(raw, names, style)
    return Text(Emoji.replace(raw) if obj.get("emoji", True) else raw, style=style)


def plain(obj: object) -> str:
    """The words of a text object, without styling (for labels and options)."""
    if isinstance(obj, Mapping):
        return inert(unentity(str(obj.get("text") or "")))
    return inert(str(obj or ""))


def option_label(obj: object, names: Names) -> str:
    """An option's text as the person reads it: checkboxes and radio buttons may use mrkdwn,
    shown as in a message (`<@UDANA>` reads `@dana`, `*bold*` loses its stars)."""
    if isinstance(obj, Mapping) and obj.get("type") == "mrkdwn":
        return text_object(obj, names).plain
    return plain(obj)


def _press(number: int, label: str) -> Text:
    out = Text()
    out.append(f"[{number}]", style="bold magenta")
    out.append(f" {label}", style="bold")
    return out


def element_controls(element: Mapping[str, Any], block_id: str, names: Names) -> list[Control]:
    """The controls one interactive element offers; empty for anything that isn't one."""
    kind = str(element.get("type") or "")
    action_id = str(element.get("action_id") or "")
    confirm = element.get("confirm") if isinstance(element.get("confirm"), Mapping) else None
    if kind == "button":
        return [
            Control(
                label=plain(element.get("text")),
                action_id=action_id,
                block_id=block_id,
                kind=kind,
                value=str(element.get("value") or ""),
                confirm=confirm,
                url=element.get("url"),
            )
        ]
    if kind in ("overflow", "static_select", "radio_buttons"):
        options = list(element.get("options") or [])
        for group in element.get("option_groups") or []:
            options.extend(group.get("options") or [])
        return [
            Control(
                label=option_label(option.get("text"), names),
                action_id=action_id,
                block_id=block_id,
                kind=kind,
                value=str(option.get("value") or ""),
                option_text=plain(option.get("text")),
                confirm=confirm,
            )
            for option in options
        ]
    return []


def _element_line(element: Mapping[str, Any], block_id: str, names: Names, number: Number) -> Text:
    """An interactive element as one line of numbered choices."""
    kind = str(element.get("type") or "")
    controls = element_controls(element, block_id, names)
    out = Text()
    if kind == "overflow":
        out.append("⋯ ", style="dim")
    elif kind in ("static_select", "radio_buttons"):
        out.append(plain(element.get("placeholder")) or "choose", style="dim")
        out.append(" ▾ ", style="dim")
    elif not controls:
        out.append(f"[{inert(kind.replace('_', ' '))}]", style="dim")
        return out
    for index, control in enumerate(controls):
        if index:
            out.append("  ")
        out.append_text(_press(number(control), control.label))
    return out


def section_lines(block: Mapping[str, Any], names: Names, number: Number) -> list[Text]:
    lines: list[Text] = []
    if block.get("text"):
        lines.append(text_object(block["text"], names))
    fields = [text_object(f, names) for f in block.get("fields") or []]
    for left, right in zip(fields[::2], [*fields[1::2], None], strict=False):
        row = Text("  ")
        row.append_text(left)
        if right is not None:
            row.append("    ")
            row.append_text(right)
        lines.append(row)
    accessory = block.get("accessory")
    if isinstance(accessory, Mapping):
        line = Text("    ")
        line.append_text(_element_line(accessory, str(block.get("block_id") or ""), names, number))
        lines.append(line)
    return lines


def _rich_text(block: Mapping[str, Any]) -> Text:
    """rich_text blocks, flattened to their words."""
    pieces: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, Mapping):
            if node.get("type") == "text":
                pieces.append(str(node.get("text") or ""))
            for child in node.get("elements") or []:
                walk(child)

    walk(block)
    return Text(inert("".join(pieces)))


def block_lines(block: Mapping[str, Any], names: Names, number: Number) -> list[Text]:
    """One block as lines; an input block shows its label (forms.py fills it)."""
    kind = block.get("type")
    block_id = str(block.get("block_id") or "")
    if kind == "header":
        return [text_object(block.get("text"), names, "bold underline")]
    if kind == "section":
        return section_lines(block, names, number)
    if kind == "divider":
        return [Text(RULE, style="dim")]
    if kind == "context":
        line = Text(style="dim")
        for index, element in enumerate(block.get("elements") or []):
            if index:
                line.append("  ·  ")
            if isinstance(element, Mapping) and element.get("type") == "image":
                line.append(f"[{inert(str(element.get('alt_text') or 'image'))}]")
            else:
                line.append_text(text_object(element, names))
        return [line]
    if kind == "actions":
        line = Text()
        for index, element in enumerate(block.get("elements") or []):
            if index:
                line.append("   ")
            line.append_text(_element_line(element, block_id, names, number))
        return [line]
    if kind == "input":
        label = Text("▸ ", style="dim")
        label.append(plain(block.get("label")), style="bold")
        if block.get("optional"):
            label.append(" (optional)", style="dim")
        return [label]
    if kind == "image":
        return [Text(f"[image: {inert(str(block.get('alt_text') or ''))}]", style="dim")]
    if kind == "rich_text":
        return [_rich_text(block)]
    return [Text(f"[{inert(str(kind))} block]", style="dim")]


def blocks_lines(blocks: Iterable[Mapping[str, Any]], names: Names, number: Number) -> list[Text]:
    lines: list[Text] = []
    for block in blocks:
        if isinstance(block, Mapping):
            lines.extend(block_lines(block, names, number))
    return lines


def message_lines(message: Mapping[str, Any], names: Names, number: Number) -> list[Text]:
    """A message body: its blocks, or its fallback text when it has none."""
    blocks = message.get("blocks")
    if isinstance(blocks, list) and blocks:
        return blocks_lines(blocks, names, number)
    return [mrkdwn(str(message.get("text") or ""), names)]


def view_lines(view: Mapping[str, Any], names: Names, number: Number) -> list[Text]:
    """A modal or the Home tab."""
    lines: list[Text] = []
    if view.get("title"):
        lines.append(text_object(view["title"], names, "bold reverse"))
    lines.extend(blocks_lines(view.get("blocks") or [], names, number))
    return lines
