"""Parsing `/mgr-goal` text: pure, no Slack, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.areas import SkillArea
from bot.domain.commands import (
    AddItem,
    Command,
    CommandError,
    Help,
    ItemCommand,
    ListItems,
    Setup,
    split_verb,
)
from bot.slack import commands

MONDAY = dt.date(2026, 11, 23)


def p(text: str):
    """Parse the way `/mgr-goal` does: the registry finds the subcommand, its parser reads it."""
    verb, rest = split_verb(text)
    return commands.find(verb).parse(verb.lower(), rest, lambda: MONDAY)


@pytest.mark.parametrize("text", ["", "   ", "help", "HELP", "?"])
def test_help(text: str) -> None:
    assert p(text) == Help()


def test_simple_verbs() -> None:
    assert p("list") == ListItems()
    assert p("setup") == Setup()
    assert p("add") == AddItem(text=None)


def test_add_with_every_option_in_any_order() -> None:
    expected = AddItem(
        text="Run the retro",
        asked_by="U2",
        area=SkillArea.KNOWLEDGE_SHARING,
        due=dt.date(2026, 12, 14),
    )
    assert p("add Run the retro from <@U2|dana> area knowledge sharing due in 3 weeks") == expected
    assert p("add Run the retro due in 3 weeks area knowledge-sharing from <@U2>") == expected


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2026-12-15", dt.date(2026, 12, 15)),
        ("in 10 days", dt.date(2026, 12, 3)),
        ("in 1 week", dt.date(2026, 11, 30)),
        ("friday", dt.date(2026, 11, 27)),
        ("monday", dt.date(2026, 11, 30)),  # the next one, never today
        ("tomorrow", dt.date(2026, 11, 24)),
    ],
)
def test_due_dates(due: str, expected: dt.date) -> None:
    assert p(f"add Ship it due {due}") == AddItem(text="Ship it", due=expected)


def test_option_words_inside_text_stay_text() -> None:
    assert p("add Review due diligence process") == AddItem(text="Review due diligence process")
    assert p("add Get feedback from the team") == AddItem(text="Get feedback from the team")
    assert p("add Review due diligence due friday") == AddItem(
        text="Review due diligence", due=dt.date(2026, 11, 27)
    )


def test_text_is_decoded_to_what_the_person_typed() -> None:
    command = p("add Ask &lt;!channel&gt; &amp; <@U9|sam> in <#C1|general> about <https://x.io>")
    assert command == AddItem(text="Ask <!channel> & @sam in #general about https://x.io")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("add Run it area astrology", "isn't a skill area"),
        ("add Run it due 2026-13-45", "couldn't read"),
        ("add Run it from @nobody", "couldn't find"),
        ("add due friday", "What should the item say"),
        ("done", "Which item"),
        ("done abc", "isn't an item number"),
        ("note 3", "What's the evidence"),
        ("lsit", "Did you mean `list`"),
        ("frobnicate", "/mgr-goal help"),
    ],
)
def test_errors_say_how_to_do_it_right(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        p(text)


def test_item_commands() -> None:
    assert p("done 3 shipped it &amp; more") == ItemCommand("done", 3, "shipped it & more")
    assert p("done #3") == ItemCommand("done", 3, "")
    assert p("note 2 ran the session") == ItemCommand("note", 2, "ran the session")
    assert p("remove 4") == ItemCommand("remove", 4, "")


@given(st.text(max_size=200))
def test_any_text_parses_or_explains(text: str) -> None:
    """Whatever is typed, the answer is a command or a CommandError, never a crash."""
    try:
        command = p(text)
    except CommandError as exc:
        assert str(exc)
    else:
        assert isinstance(command, Command)


# --- wins, team channel, digest, blurbs ----------------------------------------------------


def test_win_with_options_in_any_order() -> None:
    from bot.domain.commands import LogWin

    expected = LogWin(text="Ran the retro", area=SkillArea.COACHING, item_number=2, share=True)
    assert p("win Ran the retro area coaching for #2 share") == expected
    assert p("win Ran the retro share for #2 area coaching") == expected
    assert p("win") == LogWin(text=None)
    assert p("win Paired with <@U2|sam> on &lt;tricky&gt; bug") == LogWin(
        text="Paired with @sam on <tricky> bug"
    )


def test_option_words_inside_a_win_stay_text() -> None:
    from bot.domain.commands import LogWin

    assert p("win Asked for feedback area by area") == LogWin(
        text="Asked for feedback area by area"
    )
    assert p("win Wrote the for loop guide") == LogWin(text="Wrote the for loop guide")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("win share", "What was the win?"),
        ("win Ran it area cooking", "isn't a skill area"),
        ("win Ran it for #x", "isn't an item number"),
        ("team general", "isn't a channel"),
        ("team <#C1|a> <#C2|b>", "isn't a channel"),
        ("digest sometimes", "isn't a digest command"),
        ("digest on someday", "isn't a weekday"),
        ("digest on friday 25:00", "isn't a time of day"),
        ("blurb", "Who should I ask?"),
        ("blurb @sam thanks", "couldn't find `@sam`"),
        ("blurb <@U2|sam>", "What did you help them with?"),
        ("blurbs", "blurbs off"),
        ("blurbs <@U2|sam> thanks", "blurbs on"),
    ],
)
def test_bad_win_team_digest_and_blurb_commands_say_how(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        p(text)


def test_team_digest_and_blurb() -> None:
    import datetime as dt

    from bot.domain.commands import AskBlurb, DigestCommand, ListWins, TeamChannel

    assert p("wins") == ListWins()
    assert p("team <#C0123|team-x>") == TeamChannel(channel_id="C0123")
    assert p("team <#G42>") == TeamChannel(channel_id="G42")
    assert p("team") == TeamChannel(channel_id=None)
    assert p("team off") == TeamChannel(channel_id=None, clear=True)
    assert p("digest") == DigestCommand(verb="status")
    assert p("digest on") == DigestCommand(verb="on")
    assert p("digest on thu 3:30pm") == DigestCommand(verb="on", weekday=3, at=dt.time(15, 30))
    assert p("digest on monday") == DigestCommand(verb="on", weekday=0, at=dt.time(16, 0))
    assert p("digest OFF") == DigestCommand(verb="off")
    assert p("digest preview") == DigestCommand(verb="preview")
    assert p("blurb <@U2|sam> getting through on-call &amp; the pager") == AskBlurb(
        colleague="U2", about="getting through on-call & the pager"
    )


def test_blurbs_on_and_off() -> None:
    from bot.domain.commands import BlurbRequests

    assert p("blurbs off") == BlurbRequests(accept=False)
    assert p("Blurbs ON") == BlurbRequests(accept=True)
    assert p("blurb off") == BlurbRequests(accept=False)


# --- long text: linear, no recursion ---------------------------------------------------------


def test_a_win_ending_in_1200_shares_parses() -> None:
    """Only the last `share` is the option (each option counts once); the rest is the text."""
    from bot.domain.commands import LogWin

    assert p("win x" + " share" * 1200) == LogWin(text="x" + " share" * 1199, share=True)


def test_a_10000_character_add_full_of_options_parses_to_the_right_item() -> None:
    """Only the last `due`/`area`/`from` run is options; everything before it is the text."""
    options = " due mon area v from <@U2|dana>"
    command = p("add Plan the offsite" + options * 330)
    assert command == AddItem(
        text="Plan the offsite" + " due mon area v from @dana" * 329,
        asked_by="U2",
        area=SkillArea.VISIBILITY,
        due=dt.date(2026, 11, 30),
    )


def test_a_long_add_with_a_bad_last_option_still_explains_it() -> None:
    with pytest.raises(CommandError, match="`astrology` isn't a skill area"):
        p("add Plan it" + " area coaching" * 1000 + " area astrology")


def _recursive_options(words: list[str], today: dt.date) -> dict[str, object] | None:
    """The recursive reading the linear scan replaced, kept as the oracle for short texts."""
    from bot.domain.areas import parse_area
    from bot.domain.dates import DateParseError, parse_due
    from bot.domain.slack_text import mention_user_id

    if not words:
        return {}
    keyword = words[0].lower()
    candidates: list[tuple[str, object, int]] = []
    if keyword == "from" and len(words) >= 2 and (user := mention_user_id(words[1])):
        candidates.append(("asked_by", user, 2))
    elif keyword == "area":
        for size in (1, 2):
            if len(words) > size and (area := parse_area(" ".join(words[1 : size + 1]))):
                candidates.append(("area", area, size + 1))
    elif keyword == "due":
        for size in (1, 2, 3):
            if len(words) > size:
                try:
                    due = parse_due(" ".join(words[1 : size + 1]), today)
                except DateParseError:
                    continue
                candidates.append(("due", due, size + 1))
    for name, value, used in candidates:
        rest = _recursive_options(words[used:], today)
        if rest is not None and name not in rest:
            return {name: value, **rest}
    return None


_OPTIONISH = ["from", "area", "due", "<@U2>", "@x", "knowledge", "sharing", "k", "c", "in"]
_OPTIONISH += ["3", "weeks", "next", "friday", "fri", "tomorrow", "2026-12-15", "2026-13-45"]


@given(st.lists(st.sampled_from(_OPTIONISH), max_size=12))
def test_the_linear_scan_reads_options_as_the_recursive_parser_did(words: list[str]) -> None:
    from functools import partial

    from bot.domain.commands import _add_option_readings
    from bot.domain.options import trailing_options

    scanned = trailing_options(words, partial(_add_option_readings, today=MONDAY), longest=4)
    assert scanned == [_recursive_options(words[i:], MONDAY) for i in range(len(words) + 1)]
