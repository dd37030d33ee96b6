"""What `mgrbot shell` prints for Slack's mrkdwn and Block Kit (bot/devtools/render.py)."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.devtools import render
from bot.devtools.workspace import Workspace

NAMES = Workspace()


def md(text: str) -> Text:
    return render.mrkdwn(text, NAMES)


def styled(text: Text, words: str) -> set[str]:
    """The styles on `words` (which must appear once in `text`)."""
    start = text.plain.index(words)
    end = start + len(words)
    return {str(s.style) for s in text.spans if s.start <= start and s.end >= end}


def printed(text: Text, *, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, color_system="standard", width=200)
    console.print(text)
    return out.getvalue()


def numbered(lines: list[Text]) -> str:
    return "\n".join(line.plain for line in lines)


def collect(controls: list[render.Control]) -> render.Number:
    def number(control: render.Control) -> int:
        controls.append(control)
        return len(controls)

    return number


def test_bold_italic_strike_and_code_lose_their_marks_and_gain_a_style() -> None:
    shown = md("*Done.* Ran it _again_, ~late~, see `/mgr-goal list`")

    assert shown.plain == "Done. Ran it again, late, see /mgr-goal list"
    assert "bold" in styled(shown, "Done.")
    assert "italic" in styled(shown, "again")
    assert "strike" in styled(shown, "late")
    assert "cyan" in styled(shown, "/mgr-goal list")
    assert styled(shown, "Ran it") == set()


def test_marks_inside_words_and_code_are_left_as_written() -> None:
    assert md("snake_case_name and 2*3*4").plain == "snake_case_name and 2*3*4"
    assert md("`*not bold*`").plain == "*not bold*"


def test_mentions_and_channels_show_as_a_person_reads_them() -> None:
    shown = md("<@UKOFI> shared in <#CTEAM>, asked by <@UDANA|dana>, in <#CRANDOM|random>")

    assert shown.plain == "@kofi shared in #team, asked by @dana, in #random"
    assert "underline" in styled(shown, "@kofi")


def test_someone_not_in_the_workspace_shows_by_id() -> None:
    assert md("<@UNOBODY> and <#CNOWHERE>").plain == "@UNOBODY and #CNOWHERE"


def test_a_real_special_mention_shows_as_one_but_typed_text_shows_as_typed() -> None:
    assert md("<!channel> <!here>").plain == "@channel @here"
    # The bot escapes what people typed: the entities are the characters they typed.
    assert md("&lt;!channel&gt; &amp; &lt;@UKOFI&gt;").plain == "<!channel> & <@UKOFI>"


def test_links_show_their_label_and_address() -> None:
    assert (
        md("<https://x.test/a?b=1&amp;c=2|the doc>").plain == "the doc (https://x.test/a?b=1&c=2)"
    )
    assert md("<https://x.test>").plain == "https://x.test"


def test_emoji_codes_show_as_emoji() -> None:
    assert md(":white_check_mark: *Done.*").plain == "✅ Done."


def test_user_text_that_looks_like_rich_markup_prints_as_typed() -> None:
    typed = "[bold]x[/bold] [link=https://evil.test]y[/link] [red]"
    for shown in (
        md(typed),
        render.text_object({"type": "plain_text", "text": typed}, NAMES),
        render.text_object({"type": "mrkdwn", "text": typed}, NAMES),
    ):
        assert shown.plain == typed
        assert shown.spans == []
        for terminal in (False, True):
            assert typed in printed(shown, terminal=terminal)


def message(*blocks: dict[str, Any], text: str = "fallback") -> dict[str, Any]:
    return {"text": text, "blocks": list(blocks)}


def button(label: str, action_id: str, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
        **extra,
    }


def test_buttons_and_menu_options_are_numbered_in_order_as_controls() -> None:
    confirm = {
        "title": {"type": "plain_text", "text": "Sure?"},
        "text": {"type": "plain_text", "text": "No more asks"},
        "confirm": {"type": "plain_text", "text": "Don't ask me"},
        "deny": {"type": "plain_text", "text": "Cancel"},
    }
    menu = {
        "type": "overflow",
        "action_id": "home_item_menu",
        "options": [
            {"text": {"type": "plain_text", "text": "Mark done"}, "value": "done:7"},
            {"text": {"type": "plain_text", "text": "Edit"}, "value": "edit:7"},
        ],
    }
    controls: list[render.Control] = []

    lines = render.message_lines(
        message(
            {
                "type": "section",
                "block_id": "item-7",
                "text": {"type": "mrkdwn", "text": "#1 Mentor"},
                "accessory": menu,
            },
            {
                "type": "actions",
                "block_id": "checkin-actions",
                "elements": [
                    button("Did it", "checkin_did_it", "12"),
                    button("Never", "blurb_never", "3", confirm=confirm),
                ],
            },
        ),
        NAMES,
        collect(controls),
    )

    assert numbered(lines) == "#1 Mentor\n    ⋯ [1] Mark done  [2] Edit\n[3] Did it   [4] Never"
    assert [(c.label, c.action_id, c.block_id, c.kind, c.value) for c in controls] == [
        ("Mark done", "home_item_menu", "item-7", "overflow", "done:7"),
        ("Edit", "home_item_menu", "item-7", "overflow", "edit:7"),
        ("Did it", "checkin_did_it", "checkin-actions", "button", "12"),
        ("Never", "blurb_never", "checkin-actions", "button", "3"),
    ]
    assert controls[3].confirm == confirm


def test_an_element_the_shell_cannot_press_says_what_it_is_and_gets_no_number() -> None:
    controls: list[render.Control] = []
    picker = {"type": "datepicker", "action_id": "pick"}

    lines = render.message_lines(
        message({"type": "actions", "elements": [picker]}), NAMES, collect(controls)
    )

    assert numbered(lines) == "[datepicker]"
    assert controls == []


def test_a_message_without_blocks_shows_its_text() -> None:
    lines = render.message_lines(message(text="Kept it. <@UKOFI>"), NAMES, collect([]))

    assert numbered(lines) == "Kept it. @kofi"


def test_a_view_shows_its_title_then_its_blocks() -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Log a win"},
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Wins"}},
            {"type": "divider"},
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": "_private_"},
                    {"type": "plain_text", "text": "x"},
                ],
            },
            {
                "type": "input",
                "block_id": "win_text",
                "label": {"type": "plain_text", "text": "What happened?"},
                "optional": True,
                "element": {"type": "plain_text_input", "action_id": "value"},
            },
        ],
    }

    lines = render.view_lines(view, NAMES, collect([]))

    assert numbered(lines) == "\n".join(
        ["Log a win", "Wins", render.RULE, "private  ·  x", "▸ What happened? (optional)"]
    )


# What someone could type to take over the terminal the shell prints to: clear the screen,
# retitle the window, a NUL, a C1 CSI, a right-to-left override and the bidi isolates.
HOSTILE = "a\x1b[2Jb\x1b]0;title\x07c\x00d\x9be\u202ef\u2066g\u2067h\u2068i\u2069j\x7f"
HOSTILE_SHOWN = (
    "a\\x1b[2Jb\\x1b]0;title\\x07c\\x00d\\x9be\\u202ef\\u2066g\\u2067h\\u2068i\\u2069j\\x7f"
)


def test_control_characters_are_shown_as_escapes_but_newlines_and_tabs_stay() -> None:
    assert render.inert(HOSTILE) == HOSTILE_SHOWN
    assert render.inert("line one\n\tline two") == "line one\n\tline two"


def test_control_characters_in_anything_the_bot_sends_print_as_escapes() -> None:
    menu = {
        "type": "static_select",
        "action_id": "pick",
        "placeholder": {"type": "plain_text", "text": "Pick " + HOSTILE},
        "options": [{"text": {"type": "plain_text", "text": "Option " + HOSTILE}, "value": "1"}],
    }
    controls: list[render.Control] = []
    view = {
        "type": "home",
        "title": {"type": "plain_text", "text": "Title " + HOSTILE},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{HOSTILE}* `{HOSTILE}`"}},
            {"type": "section", "text": {"type": "plain_text", "text": HOSTILE}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<@UKOFI> {HOSTILE}"}]},
            {"type": "actions", "elements": [button("Press " + HOSTILE, "go", "1"), menu]},
        ],
    }

    lines = render.view_lines(view, NAMES, collect(controls))
    lines += render.message_lines(message(text=f"> {HOSTILE}\nnext"), NAMES, collect([]))

    shown = numbered(lines)
    for line in lines:
        for terminal in (False, True):
            assert "\x1b]" not in printed(line, terminal=terminal)
            assert "\x1b[2J" not in printed(line, terminal=terminal)
    assert not any(ch in shown for ch in "\x1b\x07\x00\x9b\x7f\u202e\u2066\u2067\u2068\u2069")
    assert shown.count(HOSTILE_SHOWN) == 9, shown
    assert [c.label for c in controls] == ["Press " + HOSTILE_SHOWN, "Option " + HOSTILE_SHOWN]


def test_blocks_the_bot_never_sends_still_print_their_control_characters_as_escapes() -> None:
    blocks = [
        {
            "type": "rich_text",
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": HOSTILE}]}
            ],
        },
        {"type": "image", "alt_text": HOSTILE, "image_url": "https://example.test/a.png"},
        {"type": "context", "elements": [{"type": "image", "alt_text": HOSTILE}]},
    ]

    shown = numbered(render.message_lines(message(*blocks), NAMES, collect([])))

    assert shown == f"{HOSTILE_SHOWN}\n[image: {HOSTILE_SHOWN}]\n[{HOSTILE_SHOWN}]"


def test_a_line_the_bot_starts_with_a_quote_mark_is_a_quote() -> None:
    quoted = md("Dana wrote:\n>Kofi ran the *best* retro\n>of the year\n— dana")

    assert quoted.plain == "Dana wrote:\n▎ Kofi ran the best retro\n▎ of the year\n— dana"


def test_a_quote_mark_the_person_typed_stays_a_plain_character() -> None:
    # Slack escapes what people type, so their `>` arrives as `&gt;`.
    assert md("&gt; not a quote\n&gt;nor this").plain == "> not a quote\n>nor this"
    assert md(">&gt; quoted, typed as a quote").plain == "▎ > quoted, typed as a quote"


def test_radio_button_options_in_mrkdwn_read_as_names_and_press_as_they_read() -> None:
    radio = {
        "type": "radio_buttons",
        "action_id": "pick_who",
        "options": [
            {"text": {"type": "mrkdwn", "text": "<@UDANA> *(your manager)*"}, "value": "d"},
            {"text": {"type": "plain_text", "text": "<@UCAROL>"}, "value": "c"},
        ],
    }
    controls: list[render.Control] = []

    lines = render.message_lines(
        message({"type": "actions", "block_id": "who", "elements": [radio]}),
        NAMES,
        collect(controls),
    )

    assert numbered(lines) == "choose ▾ [1] @dana (your manager)  [2] <@UCAROL>"
    assert [c.label for c in controls] == ["@dana (your manager)", "<@UCAROL>"]
    assert controls[0].option_text == "<@UDANA> *(your manager)*"  # what Slack sends back
