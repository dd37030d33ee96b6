"""`mgrbot shell` in-process, as a person at the terminal sees it: whose screen a control is
on, what a form asks and sends, who is typing where, and that nothing typed or sent can take
over the terminal. Each test reads the transcript the shell printed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.db import Database
from bot.devtools.session import Output, Session
from bot.slack import ids
from tests.support.clock import START
from tests.support.shell_helpers import ScriptedShell, open_session

RAW_CONTROLS = "\x1b\x07\x00\x9b\u202e\u2066\u2069"


@pytest.fixture
def session(db: Database, database_url: str) -> Iterator[Session]:
    with open_session(database_url, START) as session:
        yield session


def number_of(printed: str, label: str) -> str:
    """The number the newest control with this label was given."""
    found = re.findall(r"\[(\d+)\] " + re.escape(label), printed)
    assert found, printed
    return found[-1]


# 1. control characters
def test_control_characters_in_what_is_typed_or_shown_print_as_escapes(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        "/mgr-goal add Clear\x1b[2J retitle\x1b]0;pwned\x07 csi\x9b1m "
        "flip\u202eelif iso\u2066x\u2069",
        "/mgr-goal win Tab\there \x1b[31mred",
        ":home",
        ":next checkin",
        ":press Did it",
        "Did it\x1b[2J",  # what happened
        "\x1b[2J",  # the item it moves forward: not a choice
        ":cancel",
        ":bad\x1b[2J",
        ":as \x1b]0;x\x07",
        ":in #\u202eteam",
        "hello\x9b",
    )

    assert not any(ch in printed for ch in RAW_CONTROLS), repr(printed)
    item = "Clear\\x1b[2J retitle\\x1b]0;pwned\\x07 csi\\x9b1m flip\\u202eelif iso\\u2066x\\u2069"
    assert f"  ⚪ #1 {item}\n" in printed  # the bot's reply
    assert re.search(r"Tab +here \\x1b\[31mred", printed)  # a tab is white space, not \t
    assert "\\t" not in printed
    home = printed[printed.index("── @kofi's Home tab") :]
    assert f"⚪ #1 {item}\n" in home
    form = printed[printed.index("── form for @kofi") :]
    assert f"1. #1 {item}" in form  # the item, as a choice in the Did it form
    assert "    ✗ pick one of: " in form
    assert "Unknown shell command :bad\\x1b[2J. :help lists them.\n" in printed
    assert "No one called \\x1b]0;x\\x07 here. :people lists who is.\n" in printed
    assert "No channel #\\u202eteam; there are #team, #random, or dm.\n" in printed
    assert kofi.status == 0


# 2. numbers
def test_only_ascii_digits_are_a_number_to_press(session: Session) -> None:
    kofi = ScriptedShell(session)
    kofi.type("/mgr-goal add Write the on-call guide", ":home")
    nines = "9" * 100_000

    printed = kofi.type("²", "①", "٣", nines, ":press ²", ":days ²", ":week ①", ":days " + nines)

    assert printed.count("Type /mgr-goal … as in Slack, a number to press, or :help.") == 4
    assert "No control labelled '²' is on your screen." in printed
    assert "Give a number of days from 1 to 366, e.g. :days 3" in printed
    assert "Give a number of weeks from 1 to 52, e.g. :week 2" in printed
    assert "⏩" not in printed and "→" not in printed  # nothing pressed, no time moved
    assert kofi.status == 0


def test_a_choice_in_a_form_is_picked_by_an_ascii_number_only(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type("/mgr-goal add", "Write the on-call guide", "", "²", "٣", "1", "")

    assert printed.count("    ✗ pick one of: 1. Coaching, 2. Communication") == 2
    assert "✓ Save: sent." in printed
    assert "⚪ #1 Write the on-call guide · coaching" in kofi.type("/mgr-goal list")


# 5. whose screen
def test_a_control_on_someone_else_s_screen_is_pressed_only_after_becoming_them(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)
    kofi.type(
        "/mgr-goal add Write the on-call guide",
        "/mgr-goal add Run the retro",
    )
    home = kofi.type(":home")
    remove = number_of(home, "Remove")
    dm = kofi.type(":next checkin")
    did_it = number_of(dm, "Did it")
    reply = kofi.type("/mgr-goal remove 1")
    keep = number_of(reply, "Keep it")

    as_dana = kofi.type(":as dana", did_it, remove, keep, ":press Did it", ":press Keep")

    assert as_dana.count("is on @kofi's screen; :as kofi to press it.") == 3
    assert f"[{did_it}] is on @kofi's screen; :as kofi to press it.\n" in as_dana  # a DM
    assert f"[{remove}] is on @kofi's screen; :as kofi to press it.\n" in as_dana  # Home
    assert f"[{keep}] is on @kofi's screen; :as kofi to press it.\n" in as_dana  # ephemeral
    assert "No control labelled 'Did it' is on your screen." in as_dana
    assert "No control labelled 'Keep' is on your screen." in as_dana
    assert "→" not in as_dana and "form for" not in as_dana

    as_kofi = kofi.type(":as kofi", keep)

    assert f"kofi in DM> {keep}\n→ Keep it\n" in as_kofi
    assert kofi.status == 0


def test_a_channel_post_s_controls_can_be_pressed_by_anyone(session: Session) -> None:
    kofi = ScriptedShell(session)
    kofi.type("/mgr-goal add Write the on-call guide")
    post = session._new(
        "channel",
        viewer=None,
        channel="CTEAM",
        body={
            "text": "Add yours",
            "blocks": [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Add item"},
                            "action_id": ids.HOME_ADD_ITEM,
                        }
                    ],
                }
            ],
        },
    )
    kofi.shell.show_surface(Output(post, "new", session.clock()))
    add = number_of(kofi.transcript, "Add item")

    printed = kofi.type(":as dana", add, ":cancel")

    assert f"dana in DM> {add}\n→ Add item\n── form for @dana · " in printed
    assert "is on" not in printed


def test_press_by_label_refuses_when_the_newest_message_has_several(session: Session) -> None:
    kofi = ScriptedShell(session)
    kofi.type("/mgr-goal add Write the on-call guide", "/mgr-goal add Run the retro")
    home = kofi.type(":home")
    removes = re.findall(r"\[(\d+)\] Remove", home)
    assert len(removes) == 2, home

    printed = kofi.type(":press Remove", ":press remove")

    refusal = f"'Remove' is on [{removes[0]}] [{removes[1]}]; press one by its number.\n"
    assert refusal in printed
    assert "'remove' is on" in printed
    assert "→" not in printed and "form for" not in printed


# 6. forms
def test_a_form_asks_again_for_what_it_needs_and_takes_any_text(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        "/mgr-goal add",
        "",  # required: asked again
        "x" * 301,  # longer than the field takes
        ":P great week",  # text, not a shell command
        "",  # who asked: nobody
        "",  # area: none
        "",  # due: none
        "/mgr-goal add",
        "/mgr-goal add x",
        "",
        "",
        "",
        "/mgr-goal add",
        ":next steps agreed",
        "",
        "",
        "",
        "/mgr-goal list",
    )

    required = "    ✗ What leadership needs to see is required: type a value, or :cancel\n"
    assert printed.count(required) == 1
    assert "    ✗ at most 300 characters; that was 301\n" in printed
    assert printed.count("✓ Save: sent.\n") == 3
    listed = printed[printed.rindex("Your campaign list") :]
    assert "⚪ #1 :P great week\n" in listed
    assert "⚪ #2 /mgr-goal add x\n" in listed
    assert "⚪ #3 :next steps agreed\n" in listed
    assert "⏩" not in printed  # :next typed into the form moved no clock
    assert kofi.status == 0


def test_the_bot_s_inline_errors_are_shown_once_beside_their_field_and_only_it_is_asked(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        "/mgr-goal add", "Write the on-call guide", "@dana", "1", "2020-01-01", "2030-01-01"
    )

    error = "2020-01-01 is in the past; pick today or later."
    assert printed.count(error) == 1
    assert (
        "The form wasn't sent; fix the fields marked ✗:\n"
        "  Due (optional)\n"
        f"    ✗ {error}\n"
        "    YYYY-MM-DD [2020-01-01]> 2030-01-01\n"
    ) in printed
    assert printed.count("  What leadership needs to see\n") == 1
    assert printed.count("  Who asked for it") == 1
    assert printed.count("✓ Save: sent.\n") == 1
    assert "⚪ #1 Write the on-call guide · asked by @dana · coaching · due " in kofi.type(
        "/mgr-goal list"
    )


def test_a_single_checkbox_is_asked_as_a_yes_or_no_question(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type("/mgr-goal win", "Shipped the guide", "", "", "")

    assert "    Share with my team? y/n [n]> \n" in printed
    assert "1. Share with my team" not in printed
    assert "✓ Save: sent.\n" in printed


def test_quit_in_a_form_closes_it_and_ends_the_session(session: Session) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type("/mgr-goal add", "Write the guide", ":quit", "/mgr-goal list")

    assert printed.endswith("    @person (Pick a person)> :quit\nForm closed; nothing was sent.\n")
    assert "Your campaign list" not in printed
    assert session.top_modal() is None


# 7. who types where
def test_as_says_who_and_where_and_each_person_types_in_their_own_place(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(":as", ":as dana", ":in #team", ":as kofi", ":as dana")

    assert "Who? e.g. :as dana (:people lists who is here)\n" in printed
    assert (
        "You are now @dana (Dana Whitfield, America/New_York), typing in your DM with the bot.\n"
        in printed
    )
    assert (
        "You are now @kofi (Kofi Mensah, Europe/Berlin), typing in your DM with the bot.\n"
        "Mon 23 Nov 16:00 kofi in DM> "
    ) in printed
    assert printed.endswith(
        "You are now @dana (Dana Whitfield, America/New_York), typing in #team.\n"
    )
    assert kofi.shell.prompt().endswith("dana in #team> ")


# 8. /invite
def test_invite_takes_the_bot_in_any_case_and_a_digest_works_only_after_it(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        ":in #team",
        "/invite @MGR-GOAL",
        ":in #random",
        "/mgr-goal digest on",
        "/invite @Mgr-Goal",
        "/mgr-goal digest on",
    )

    assert "@mgr-goal is already in #team.\n" in printed
    assert "Here /invite only takes the bot" not in printed
    before, after = printed.split("@mgr-goal joined #random.\n")
    assert "I'm not in #random yet" in before
    assert "── #random · " in after
    assert "turned on a weekly digest of team wins here" in after
    assert "I'm not in #random yet" not in after


# 9. manager link
def test_kofi_links_dana_she_accepts_sees_him_on_her_home_and_he_unlinks(
    session: Session,
) -> None:
    kofi = ScriptedShell(session)

    printed = kofi.type(
        "/mgr-goal manager @dana",
        ":as dana",
        ":press Accept",
        ":home",
        ":as kofi",
        "/mgr-goal manager",
    )

    dm = printed[printed.index("── DM to @dana ·") :]
    assert "@kofi is working toward their first management role" in dm
    assert "[1] Accept   [2] Decline" in dm
    assert "I've asked @dana to link as your manager" in printed
    assert "── DM to @dana (updated)" in printed and "You accepted" in printed
    assert "@dana accepted: they're linked as your manager" in printed
    home = printed[printed.index("── @dana's Home tab") :]
    assert "People growing toward management (1)" in home and "@kofi" in home
    unlink = number_of(home, "Unlink")
    assert "Your manager here is @dana, linked since" in printed

    printed = kofi.type("/mgr-goal manager off")
    assert "@dana is no longer linked as your manager; I've told them." in printed
    assert "@kofi unlinked you as their manager" in printed

    # Her Home no longer lists him; the Unlink she saw was on the older Home.
    printed = kofi.type(":as dana", unlink, ":home")
    assert f"[{unlink}] is on an older Home tab" in printed
    assert "People growing toward management" not in printed[printed.index("── @dana's Home") :]
    assert kofi.status == 0


def test_dana_unlinks_from_her_home_after_confirming_and_kofi_is_told(session: Session) -> None:
    kofi = ScriptedShell(session)
    printed = kofi.type("/mgr-goal manager @dana", ":as dana", ":press Accept", ":home")
    unlink = number_of(printed[printed.index("── @dana's Home tab") :], "Unlink")

    assert kofi.press(int(unlink), ["y"]) == ""

    after = kofi.transcript[kofi.transcript.rindex(f"> {unlink}") :]
    assert "Unlink?: You'll no longer see their list or receive their updates." in after
    assert "@dana unlinked as your manager in mgr-goal" in after
    assert kofi.status == 0
