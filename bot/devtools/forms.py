"""A modal's input blocks as fields the shell asks for one at a time, and what the person
types turned into the value Slack would submit for that element."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.devtools.render import Names, option_label, plain
from bot.devtools.workspace import Workspace

# What each element's initial value is called in Block Kit.
_INITIAL = {
    "plain_text_input": "initial_value",
    "users_select": "initial_user",
    "static_select": "initial_option",
    "radio_buttons": "initial_option",
    "datepicker": "initial_date",
    "timepicker": "initial_time",
    "conversations_select": "initial_conversation",
    "checkboxes": "initial_options",
}
KINDS = frozenset(_INITIAL)
CLEAR = "-"  # typed to empty a field that has an initial value
_YES_NO = {"y": True, "yes": True, "n": False, "no": False}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# Editing a multi-line text a line at a time; anything else typed replaces the whole text.
EDITS = (":line", ":del", ":add", ":done")
EDIT_HELP = (
    "Enter keeps it · :line N text replaces line N · :del N (or N-M) deletes · "
    ":add N text adds after line N (0: at the top) · anything else replaces it all"
)
_EDIT = re.compile(
    r":(?P<verb>line|del|add)\s+(?P<first>[0-9]{1,6})(?:-(?P<last>[0-9]{1,6}))?(?: (?P<text>.*))?",
    re.IGNORECASE | re.DOTALL,
)
_EDIT_USAGE = "edit with :line N text, :del N or :del N-M, :add N text, or :done"


@dataclass(frozen=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True)
class Field:
    """One input block of a modal."""

    block_id: str
    kind: str
    label: str
    hint: str
    placeholder: str
    optional: bool
    multiline: bool
    initial: Any  # the value Slack would submit untouched (user id, option value, date…)
    options: tuple[Option, ...]
    max_length: int | None
    min_length: int | None = None

    @property
    def is_yes_no(self) -> bool:
        """A single checkbox ("Share with my team"): answered y or n."""
        return self.kind == "checkboxes" and len(self.options) == 1

    def shown(self, value: Any, workspace: Workspace) -> str:
        """A value of this field as the person reads it."""
        if self.is_yes_no:
            return "y" if value else "n"
        if value is None or value == "" or value == []:
            return ""
        if self.kind == "users_select":
            return "@" + workspace.user_name(str(value))
        if self.kind == "conversations_select":
            return "#" + workspace.channel_name(str(value))
        if self.kind in ("static_select", "radio_buttons", "checkboxes"):
            chosen = value if isinstance(value, list) else [value]
            labels = {o.value: o.label for o in self.options}
            return ", ".join(labels.get(str(v), str(v)) for v in chosen)
        return str(value)


class AnswerError(ValueError):
    """What the person typed can't go in this field; the message says what would."""


def _options(element: Mapping[str, Any], names: Names) -> tuple[Option, ...]:
    return tuple(
        Option(option_label(o.get("text"), names), str(o.get("value") or ""))
        for o in element.get("options") or []
        if isinstance(o, Mapping)
    )


def _initial(kind: str, element: Mapping[str, Any]) -> Any:
    raw = element.get(_INITIAL[kind])
    if kind in ("static_select", "radio_buttons"):
        return str(raw.get("value")) if isinstance(raw, Mapping) else None
    if kind == "checkboxes":
        return [str(o.get("value")) for o in raw or [] if isinstance(o, Mapping)]
    return raw


def fields_of(view: Mapping[str, Any], names: Names) -> list[Field]:
    """The fields a person fills in this modal, in order; `names` reads the people and
    channels named in option labels."""
    fields = []
    for block in view.get("blocks") or []:
        if not isinstance(block, Mapping) or block.get("type") != "input":
            continue
        element = block.get("element") or {}
        kind = str(element.get("type") or "")
        fields.append(
            Field(
                block_id=str(block.get("block_id") or ""),
                kind=kind,
                label=plain(block.get("label")),
                hint=plain(block.get("hint")),
                placeholder=plain(element.get("placeholder")),
                optional=bool(block.get("optional")),
                multiline=bool(element.get("multiline")),
                initial=_initial(kind, element) if kind in KINDS else None,
                options=_options(element, names),
                max_length=element.get("max_length"),
                min_length=element.get("min_length"),
            )
        )
    return fields


def _pick(field: Field, typed: str) -> Option:
    """An option by its number in the list, or by (the start of) its label or value."""
    if re.fullmatch(r"[0-9]{1,3}", typed) and 1 <= int(typed) <= len(field.options):
        return field.options[int(typed) - 1]
    lowered = typed.lower()
    # A label that names someone (`@carol`) is picked by the name too, as a person is.
    names = {o: (o.label.lower(), o.label.lower().lstrip("@#")) for o in field.options}
    exact = [o for o in field.options if lowered in (*names[o], o.value.lower())]
    starts = [o for o in field.options if any(n.startswith(lowered) for n in names[o])]
    found = exact or starts
    if len(found) != 1:
        choices = ", ".join(f"{n}. {o.label}" for n, o in enumerate(field.options, 1))
        raise AnswerError(f"pick one of: {choices}")
    return found[0]


def answer(field: Field, typed: str, workspace: Workspace) -> Any:
    """The value to submit for what the person typed: empty keeps the initial value, `-`
    clears it. Raises AnswerError when it can't be this field's value."""
    typed = typed.strip() if field.kind != "plain_text_input" else typed
    if typed.strip() == "":
        return field.initial
    if typed.strip() == CLEAR:
        return [] if field.kind == "checkboxes" else None
    if field.kind == "plain_text_input":
        return typed.replace("\\n", "\n")
    if field.kind == "users_select":
        person = workspace.person(typed)
        if person is None:
            known = ", ".join("@" + p.handle for p in workspace.people)
            raise AnswerError(f"no one called {typed}; people here: {known}")
        return person.user_id
    if field.kind == "conversations_select":
        channel = workspace.channel(typed)
        if channel is None:
            known = ", ".join("#" + c.name for c in workspace.channels)
            raise AnswerError(f"no channel {typed}; channels here: {known}")
        return channel.channel_id
    if field.kind in ("static_select", "radio_buttons"):
        return _pick(field, typed).value
    if field.is_yes_no and typed.lower() in _YES_NO:
        return [field.options[0].value] if _YES_NO[typed.lower()] else []
    if field.kind == "checkboxes":
        return [_pick(field, part.strip()).value for part in typed.split(",") if part.strip()]
    if field.kind == "datepicker":
        try:
            return dt.date.fromisoformat(typed).isoformat()
        except ValueError:
            raise AnswerError("a date like 2027-03-31") from None
    if field.kind == "timepicker":
        match = _TIME.match(typed)
        if not match:
            raise AnswerError("a time like 09:30 (24-hour)")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    raise AnswerError(f"the shell can't fill a {field.kind} field")


def check(field: Field, value: Any) -> None:
    """What Slack's client checks before it lets a form be sent: a required field has a
    value, and text fits the field's length limits. Raises AnswerError."""
    if value is None or value == "" or value == []:
        if not field.optional:
            raise AnswerError(f"{field.label} is required: type a value, or :cancel")
        return
    if field.kind != "plain_text_input":
        return
    length = len(str(value))
    if field.max_length is not None and length > field.max_length:
        raise AnswerError(f"at most {field.max_length} characters; that was {length}")
    if field.min_length is not None and length < field.min_length:
        raise AnswerError(f"at least {field.min_length} characters; that was {length}")


def is_edit(typed: str) -> bool:
    """Whether what was typed into a multi-line text is a line edit (or `:done`) rather than
    a new text."""
    return typed.lstrip().lower().startswith(EDITS)


def edit_lines(text: str, command: str) -> str:
    """`text` after one line edit: `:line N text` replaces line N, `:del N` or `:del N-M`
    deletes lines, `:add N text` adds a line after line N (0: before the first). Lines count
    from 1; no text makes a blank line, and `\\n` in the text starts another line. Raises
    AnswerError, saying what would do, when the command isn't one or names a line the text
    hasn't got."""
    match = _EDIT.fullmatch(command.lstrip())
    if match is None:
        raise AnswerError(_EDIT_USAGE)
    verb = match.group("verb").lower()
    first, last = int(match.group("first")), match.group("last")
    new = (match.group("text") or "").replace("\\n", "\n").split("\n")
    lines = text.split("\n") if text else []
    if verb == "del":
        if match.group("text") is not None:
            raise AnswerError(f"delete with :del {first} (or :del {first}-{first + 1}), no text")
        end = int(last) if last else first
        _in_range(first, lines, lowest=1)
        _in_range(end, lines, lowest=1)
        if end < first:
            raise AnswerError(f"a range runs from the lower number: :del {end}-{first}")
        return "\n".join(lines[: first - 1] + lines[end:])
    if last:
        raise AnswerError(f"one line at a time for :{verb}: {_EDIT_USAGE}")
    if verb == "line":
        _in_range(first, lines, lowest=1)
        return "\n".join(lines[: first - 1] + new + lines[first:])
    _in_range(first, lines, lowest=0)
    return "\n".join(lines[:first] + new + lines[first:])


def _in_range(number: int, lines: list[str], *, lowest: int) -> None:
    if not lowest <= number <= len(lines):
        if not lines:
            raise AnswerError("the text is empty: :add 0 text starts it")
        raise AnswerError(f"no line {number}: the lines are numbered {lowest} to {len(lines)}")
