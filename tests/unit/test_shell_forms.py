"""How `mgrbot shell` reads a modal's fields and turns what the person types into the value
Slack would submit (bot/devtools/forms.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.devtools import forms
from bot.devtools.workspace import Workspace

WORKSPACE = Workspace()
AREAS = [
    {"text": {"type": "plain_text", "text": label}, "value": value}
    for label, value in [
        ("Coaching", "coaching"),
        ("Communication", "communication"),
        ("Business sense", "business_sense"),
    ]
]


def field_of(element: dict[str, Any], **block: Any) -> forms.Field:
    view = {
        "type": "modal",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "not a field"}},
            {
                "type": "input",
                "block_id": "the_block",
                "label": {"type": "plain_text", "text": "The label"},
                "element": {"action_id": "value", **element},
                **block,
            },
        ],
    }
    [field] = forms.fields_of(view, WORKSPACE)
    return field


def answer(field: forms.Field, typed: str) -> Any:
    return forms.answer(field, typed, WORKSPACE)


def test_a_modal_s_input_blocks_become_fields_in_order_with_what_the_shell_asks() -> None:
    text = field_of(
        {
            "type": "plain_text_input",
            "multiline": True,
            "max_length": 300,
            "placeholder": {"type": "plain_text", "text": "Who, what"},
        },
        optional=True,
        hint={"type": "plain_text", "text": "Goes into your wins log"},
    )

    assert (text.block_id, text.kind, text.label, text.hint, text.placeholder) == (
        "the_block",
        "plain_text_input",
        "The label",
        "Goes into your wins log",
        "Who, what",
    )
    assert (text.optional, text.multiline, text.max_length, text.initial) == (True, True, 300, None)


@pytest.mark.parametrize(
    ("element", "initial", "shown"),
    [
        ({"type": "plain_text_input", "initial_value": "Ran the retro"}, "Ran the retro", None),
        ({"type": "users_select", "initial_user": "UDANA"}, "UDANA", "@dana"),
        ({"type": "conversations_select", "initial_conversation": "CTEAM"}, "CTEAM", "#team"),
        (
            {"type": "static_select", "options": AREAS, "initial_option": AREAS[1]},
            "communication",
            "Communication",
        ),
        (
            {"type": "checkboxes", "options": AREAS, "initial_options": AREAS[:2]},
            ["coaching", "communication"],
            "Coaching, Communication",
        ),
        ({"type": "checkboxes", "options": AREAS}, [], ""),
        ({"type": "datepicker", "initial_date": "2026-12-07"}, "2026-12-07", None),
        ({"type": "timepicker", "initial_time": "09:00"}, "09:00", None),
        ({"type": "datepicker"}, None, ""),
    ],
)
def test_enter_keeps_the_initial_value_shown_in_brackets(
    element: dict[str, Any], initial: Any, shown: str | None
) -> None:
    field = field_of(element)

    assert field.initial == initial
    assert answer(field, "") == initial
    assert answer(field, "   ") == initial
    assert field.shown(initial, WORKSPACE) == (str(initial) if shown is None else shown)


@pytest.mark.parametrize(
    ("element", "cleared"),
    [
        ({"type": "plain_text_input", "initial_value": "x"}, None),
        ({"type": "users_select", "initial_user": "UDANA"}, None),
        ({"type": "static_select", "options": AREAS, "initial_option": AREAS[0]}, None),
        ({"type": "checkboxes", "options": AREAS, "initial_options": AREAS[:1]}, []),
        ({"type": "datepicker", "initial_date": "2026-12-07"}, None),
    ],
)
def test_a_dash_clears_a_field(element: dict[str, Any], cleared: Any) -> None:
    assert answer(field_of(element), " - ") == cleared


def test_text_is_kept_as_typed_with_backslash_n_as_a_new_line() -> None:
    field = field_of({"type": "plain_text_input", "multiline": True})

    assert answer(field, "  <b> & @dana [bold]x[/bold]  ") == "  <b> & @dana [bold]x[/bold]  "
    assert answer(field, r"first\nsecond") == "first\nsecond"


@pytest.mark.parametrize("typed", ["@dana", "dana", "DANA", "UDANA", " @dana "])
def test_a_person_by_handle_or_id(typed: str) -> None:
    assert answer(field_of({"type": "users_select"}), typed) == "UDANA"


def test_someone_not_here_is_refused_naming_who_is() -> None:
    with pytest.raises(forms.AnswerError, match="no one called @sam; people here: @kofi, @dana"):
        answer(field_of({"type": "users_select"}), "@sam")


def test_a_channel_by_name_or_id_and_an_unknown_one_refused() -> None:
    field = field_of({"type": "conversations_select"})

    assert answer(field, "#team") == "CTEAM"
    assert answer(field, "random") == "CRANDOM"
    with pytest.raises(forms.AnswerError, match="no channel #general; channels here: #team"):
        answer(field, "#general")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1", "coaching"),
        ("3", "business_sense"),
        ("Communication", "communication"),
        ("business_sense", "business_sense"),
        ("busi", "business_sense"),
    ],
)
def test_a_menu_choice_by_number_name_value_or_the_start_of_its_name(
    typed: str, value: str
) -> None:
    assert answer(field_of({"type": "static_select", "options": AREAS}), typed) == value


@pytest.mark.parametrize("typed", ["0", "4", "co", "visibility", "²", "①", "٣", "9" * 100_000])
def test_a_menu_choice_that_is_not_exactly_one_option_is_refused_with_the_list(
    typed: str,
) -> None:
    with pytest.raises(forms.AnswerError, match=r"pick one of: 1\. Coaching, 2\. Communication"):
        answer(field_of({"type": "static_select", "options": AREAS}), typed)


def test_checkboxes_by_numbers_or_names_comma_separated() -> None:
    field = field_of({"type": "checkboxes", "options": AREAS})

    assert answer(field, "1, 3") == ["coaching", "business_sense"]
    assert answer(field, "communication,") == ["communication"]
    with pytest.raises(forms.AnswerError, match="pick one of"):
        answer(field, "1, 9")
    with pytest.raises(forms.AnswerError, match="pick one of"):
        answer(field, "1, ²")


def test_dates_are_iso_and_anything_else_is_refused() -> None:
    field = field_of({"type": "datepicker"})

    assert answer(field, "2027-03-31") == "2027-03-31"
    for typed in ("31/03/2027", "2027-02-30", "friday"):
        with pytest.raises(forms.AnswerError, match="a date like 2027-03-31"):
            answer(field, typed)


def test_times_are_24_hour_and_padded() -> None:
    field = field_of({"type": "timepicker"})

    assert answer(field, "9:05") == "09:05"
    assert answer(field, "23:59") == "23:59"
    for typed in ("24:00", "9", "9:5", "9am"):
        with pytest.raises(forms.AnswerError, match="a time like 09:30"):
            answer(field, typed)


def test_a_kind_the_shell_cannot_fill_says_so() -> None:
    field = field_of({"type": "multi_static_select", "options": AREAS})

    assert field.initial is None
    with pytest.raises(forms.AnswerError, match="can't fill a multi_static_select field"):
        answer(field, "1")


@pytest.mark.parametrize(
    "element",
    [
        {"type": "plain_text_input"},
        {"type": "users_select"},
        {"type": "static_select", "options": AREAS},
        {"type": "radio_buttons", "options": AREAS},
        {"type": "checkboxes", "options": AREAS},
        {"type": "datepicker"},
    ],
)
def test_a_required_field_left_empty_is_refused_before_anything_is_sent(
    element: dict[str, Any],
) -> None:
    required, optional = field_of(element), field_of(element, optional=True)

    with pytest.raises(
        forms.AnswerError, match=r"^The label is required: type a value, or :cancel$"
    ):
        forms.check(required, answer(required, ""))
    forms.check(optional, answer(optional, ""))


def test_text_longer_or_shorter_than_the_field_allows_is_refused() -> None:
    field = field_of({"type": "plain_text_input", "max_length": 10, "min_length": 3})

    forms.check(field, answer(field, "ten chars!"))
    forms.check(field, answer(field, "abc"))
    with pytest.raises(forms.AnswerError, match=r"^at most 10 characters; that was 11$"):
        forms.check(field, answer(field, "eleven char"))
    with pytest.raises(forms.AnswerError, match=r"^at least 3 characters; that was 2$"):
        forms.check(field, answer(field, "ab"))


def test_a_single_checkbox_is_a_yes_or_no_question() -> None:
    share = [{"text": {"type": "plain_text", "text": "Share with my team"}, "value": "share"}]
    field = field_of({"type": "checkboxes", "options": share}, optional=True)

    assert field.is_yes_no
    assert (answer(field, "y"), answer(field, "YES"), answer(field, "n")) == (
        ["share"],
        ["share"],
        [],
    )
    assert (field.shown(["share"], WORKSPACE), field.shown([], WORKSPACE)) == ("y", "n")


TO = [
    {"text": {"type": "mrkdwn", "text": "<@UDANA> (your manager)"}, "value": "manager"},
    {"text": {"type": "mrkdwn", "text": "<@UCAROL> _&amp; <#CTEAM>_"}, "value": "carol"},
]


def test_options_in_mrkdwn_read_as_slack_shows_them_and_are_picked_by_what_they_read() -> None:
    field = field_of({"type": "checkboxes", "options": TO, "initial_options": TO[:1]})

    assert [o.label for o in field.options] == ["@dana (your manager)", "@carol & #team"]
    assert field.shown(field.initial, WORKSPACE) == "@dana (your manager)"
    for typed in ("@dana", "dana", "@dana (your manager)", "1"):
        assert answer(field, typed) == ["manager"], typed
    assert answer(field, "carol, @dana") == ["carol", "manager"]
    with pytest.raises(forms.AnswerError, match=r"pick one of: 1\. @dana \(your manager\), 2\. @"):
        answer(field, "UDANA")


def test_a_single_checkbox_in_mrkdwn_asks_its_question_by_name() -> None:
    field = field_of({"type": "checkboxes", "options": TO[:1]}, optional=True)

    assert field.is_yes_no and field.options[0].label == "@dana (your manager)"
    assert answer(field, "y") == ["manager"]


DRAFT = "Hi Dana,\n\nWins\n• one\n• [private] two\n• three"


@pytest.mark.parametrize(
    ("command", "edited"),
    [
        (":line 1 Dear Dana,", "Dear Dana,\n\nWins\n• one\n• [private] two\n• three"),
        (
            ":line 6 • three, with more",
            "Hi Dana,\n\nWins\n• one\n• [private] two\n• three, with more",
        ),
        (":line 2", "Hi Dana,\n\nWins\n• one\n• [private] two\n• three"),
        (
            ":line 3   Wins, indented",
            "Hi Dana,\n\n  Wins, indented\n• one\n• [private] two\n• three",
        ),
        (
            ":line 3 Wins\\nMore wins",
            "Hi Dana,\n\nWins\nMore wins\n• one\n• [private] two\n• three",
        ),
        (":del 5", "Hi Dana,\n\nWins\n• one\n• three"),
        (":del 1-2", "Wins\n• one\n• [private] two\n• three"),
        (":del 6-6", "Hi Dana,\n\nWins\n• one\n• [private] two"),
        (":del 1-6", ""),
        (":add 0 Hello", "Hello\nHi Dana,\n\nWins\n• one\n• [private] two\n• three"),
        (
            ":add 4 • one and a half",
            "Hi Dana,\n\nWins\n• one\n• one and a half\n• [private] two\n• three",
        ),
        (":add 6 Thanks!", "Hi Dana,\n\nWins\n• one\n• [private] two\n• three\nThanks!"),
        (":add 1", "Hi Dana,\n\n\nWins\n• one\n• [private] two\n• three"),
        ("  :DEL  5", "Hi Dana,\n\nWins\n• one\n• three"),
        (
            ":Line 1 <b> & [bold]x[/bold]",
            "<b> & [bold]x[/bold]\n\nWins\n• one\n• [private] two\n• three",
        ),
    ],
)
def test_a_line_of_a_text_is_replaced_deleted_or_added_by_its_number(
    command: str, edited: str
) -> None:
    assert forms.is_edit(command)
    assert forms.edit_lines(DRAFT, command) == edited


def test_an_empty_text_is_started_with_add_0() -> None:
    assert forms.edit_lines("", ":add 0 First line") == "First line"
    with pytest.raises(forms.AnswerError, match=r"^the text is empty: :add 0 text starts it$"):
        forms.edit_lines("", ":line 1 x")
    with pytest.raises(forms.AnswerError, match=r"^the text is empty: :add 0 text starts it$"):
        forms.edit_lines("", ":del 1")


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (":line 0 x", "no line 0: the lines are numbered 1 to 6"),
        (":line 7 x", "no line 7: the lines are numbered 1 to 6"),
        (":del 0", "no line 0: the lines are numbered 1 to 6"),
        (":del 7", "no line 7: the lines are numbered 1 to 6"),
        (":del 5-9", "no line 9: the lines are numbered 1 to 6"),
        (":add 7 x", "no line 7: the lines are numbered 0 to 6"),
        (":del 4-2", "a range runs from the lower number: :del 2-4"),
        (":del 4 x", r"delete with :del 4 \(or :del 4-5\), no text"),
        (":line 2-3 x", "one line at a time for :line: edit with :line N text"),
        (":add 2-3 x", "one line at a time for :add: edit with :line N text"),
        (":line", "edit with :line N text, :del N or :del N-M, :add N text, or :done"),
        (":line x 1", "edit with :line N text"),
        (":line1 x", "edit with :line N text"),
        (":lines 2", "edit with :line N text"),
        (":del ²", "edit with :line N text"),
        (":del ٣", "edit with :line N text"),
        (":del 9999999", "edit with :line N text"),
        (":del 3-", "edit with :line N text"),
    ],
)
def test_an_edit_naming_a_line_the_text_has_not_got_or_malformed_is_refused(
    command: str, error: str
) -> None:
    with pytest.raises(forms.AnswerError, match=f"^{error}"):
        forms.edit_lines(DRAFT, command)


@pytest.mark.parametrize("typed", ["A whole new text", "-", "", " : line 1", ":cancel", "line 1 x"])
def test_anything_but_an_edit_command_is_not_an_edit(typed: str) -> None:
    assert not forms.is_edit(typed)
