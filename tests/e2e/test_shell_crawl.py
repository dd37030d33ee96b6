"""`mgrbot shell` in-process: press every control the bot shows and fill every form it opens.

A Session on the test database (SQLite, and Postgres when configured) runs the real app; a
Shell reads scripted lines and prints into a string. After three people set up, wins, items,
blurb requests, stakeholder asks, a digest and weeks of check-ins, every control on anyone's
screen (Home tabs, check-in DMs, ephemeral replies, menu options) is pressed once, and each
form it opens is filled with sensible values. No press may reach nothing in the bot, and the
bot may hit no error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from bot.db import Database
from bot.devtools import forms
from bot.devtools.session import Session, Surface
from bot.devtools.shell import Pressable
from bot.slack import ids
from tests.support.clock import START
from tests.support.shell_helpers import ScriptedShell, open_session

# Every button and menu the bot's messages and Home tab carry, and each menu's choices.
ACTION_IDS = {
    ids.HOME_ADD_ITEM,
    ids.HOME_SETUP,
    ids.HOME_LOG_WIN,
    ids.HOME_ITEM_MENU,
    ids.HOME_WIN_MENU,
    ids.REMOVE_CONFIRM,
    ids.REMOVE_CANCEL,
    ids.CHECKIN_DID_IT,
    *ids.CHECKIN_ANSWERS,
    ids.PAUSE_KEEP_GOING,
    ids.PAUSE_STOP,
    ids.BLURB_WRITE,
    ids.BLURB_NOT_NOW,
    ids.BLURB_NEVER,
    ids.STAKEHOLDER_MET,
    ids.STAKEHOLDER_ASK_ANSWER,
    ids.STAKEHOLDER_ASK_NOT_NOW,
    ids.PACKET_BUILD,
    ids.PACKET_OPTIONS,
}
# Each packet built brings a new DM with the same buttons (build again with other options,
# send it): these are pressed once a kind, or the crawl would build packets forever.
ONCE_A_KIND = {ids.PACKET_BUILD, ids.PACKET_OPTIONS, ids.PACKET_SHARE}
MENU_CHOICES = {
    ids.HOME_ITEM_MENU: {ids.MENU_DONE, ids.MENU_EVIDENCE, ids.MENU_EDIT, ids.MENU_REMOVE},
    ids.HOME_WIN_MENU: {ids.MENU_SHARE, ids.MENU_UNSHARE, ids.MENU_BLURB},
}
FORMS = {
    ids.ITEM_MODAL,
    ids.EVIDENCE_MODAL,
    ids.REMOVE_MODAL,
    ids.SETUP_MODAL,
    ids.DID_IT_MODAL,
    ids.WIN_MODAL,
    ids.BLURB_ASK_MODAL,
    ids.BLURB_WRITE_MODAL,
    ids.STAKEHOLDER_ANSWER_MODAL,
    ids.PACKET_OPTIONS_MODAL,
}
PROBLEMS = ("⚠", "nothing in the bot handles", "older copy", "is gone")


@pytest.fixture
def session(db: Database, database_url: str) -> Iterator[Session]:
    with open_session(database_url, START) as session:
        yield session


def setup(user: ScriptedShell, handle: str, *, manager: str, channel: str = "-") -> str:
    """`/mgr-goal setup` typed by `handle`, every field of the form filled."""
    return user.type(
        f":as {handle}",
        "/mgr-goal setup",
        "Engineering manager",  # the role
        "2027-06-30",  # target date
        manager,
        "I want to grow people",  # why
        channel,  # team channel ("-": none)
        "Monday",  # check-in day
        "09:00",  # check-in time
    )


class Crawler:
    """Presses every control on screen once, filling each form with sensible values."""

    def __init__(self, user: ScriptedShell) -> None:
        self.user = user
        self.shell = user.shell
        self.session = user.shell.session
        self.done: set[tuple[str, str, str]] = set()  # (surface, action_id, value) pressed
        self.pressed: Counter[tuple[str, str]] = Counter()  # (action_id, menu choice)
        self.answered: Counter[tuple[str, str]] = Counter()  # pressed and not refused
        self.seen: set[tuple[str, str]] = set()
        self.submitted: set[str] = set()  # callback ids of forms the bot accepted
        self._people = 0

    @staticmethod
    def kind(pressable: Pressable) -> tuple[str, str]:
        control = pressable.control
        choice = control.value.split(":")[0] if control.kind == "overflow" else ""
        return control.action_id, choice

    @staticmethod
    def key(pressable: Pressable) -> tuple[str, str, str]:
        control = pressable.control
        return pressable.surface.key, control.action_id, control.value

    def on_screen(self) -> list[Pressable]:
        current = [
            p
            for p in self.shell.controls.values()
            if p.surface.open and p.version == p.surface.version
        ]
        self.seen.update(self.kind(p) for p in current)
        return [
            p
            for p in current
            if self.key(p) not in self.done
            and not (p.control.action_id in ONCE_A_KIND and self.pressed[self.kind(p)])
        ]

    def crawl(self) -> None:
        """Until nothing new is on screen, press the kind of control answered least so far,
        newest first: a message whose buttons all answer it (a check-in, a blurb request)
        gets a different one pressed each time a new one arrives, and old messages' buttons
        (refused: "from an earlier week") don't count as that kind answered."""
        while True:
            waiting = self.on_screen() or (self.refresh_homes() and self.on_screen())
            if not waiting:
                return
            chosen = min(waiting, key=lambda p: (self.answered[self.kind(p)], -p.number))
            self.press(chosen)

    def refresh_homes(self) -> bool:
        """Show each Home tab again if it changed since the shell last showed it."""
        shown = {p.surface.key: p.version for p in self.shell.controls.values()}
        stale = [
            s
            for s in self.session.surfaces.values()
            if s.kind == "home" and shown.get(s.key, -1) < s.version
        ]
        for home in stale:
            self.user.type(f":as {self.session.workspace.user_name(home.viewer or '')}", ":home")
        return bool(stale)

    def press(self, pressable: Pressable) -> None:
        self.done.add(self.key(pressable))
        self.pressed[self.kind(pressable)] += 1
        confirm = ["y"] if pressable.control.confirm else []
        before = {key: (s.version, s.open) for key, s in self.session.surfaces.items()}
        self.user.press(pressable.number, confirm)  # a form it opens sees the input end: closed
        new = [s for key, s in self.session.surfaces.items() if key not in before]
        changed = [
            s
            for key, s in self.session.surfaces.items()
            if key in before and before[key] != (s.version, s.open)
        ]
        forms_opened = [s for s in new if s.kind == "modal" and s.body.get("submit")]
        notices = [s for s in new if s.kind == "modal" and not s.body.get("submit")]
        posted = [s for s in new if s.kind not in ("modal", "ephemeral")]
        if (changed or posted or forms_opened) and not notices:
            self.answered[self.kind(pressable)] += 1
        if forms_opened:
            self.fill(pressable, forms_opened[0], confirm)

    def fill(self, pressable: Pressable, form: Surface, confirm: list[str]) -> None:
        """Press again and fill the form this time (the first press only opened it)."""
        answers, other_people = self.answers(form)
        printed = self.user.transcript
        self.user.press(pressable.number, confirm + answers + other_people)
        printed = self.user.transcript[len(printed) :]
        assert not form.open, printed
        if "Form closed" not in printed:  # else refused for everyone: they can't ask anyone
            self.submitted.add(str(form.body.get("callback_id")))

    def answers(self, form: Surface) -> tuple[list[str], list[str]]:
        """Sensible values for each field, in the order the shell asks them; and other people
        to pick if the form refuses the first (someone who opted out of blurb requests)."""
        viewer = form.viewer or self.shell.person.user_id
        others = [p.handle for p in self.session.workspace.people if p.user_id != viewer]
        today = self.session.clock().date()
        typed, retries = [], []
        for field in forms.fields_of(form.body, self.session.workspace):
            if field.initial not in (None, "", []):
                typed.append("")  # Enter: keep what the form says
            elif field.kind == "plain_text_input":
                typed.append(f"Crawled: {field.label}"[: field.max_length or 3000])
            elif field.kind == "users_select":
                self._people += 1
                picks = others[self._people % len(others) :] + others[: self._people % len(others)]
                typed.append("@" + picks[0])
                retries.extend("@" + p for p in picks[1:])
            elif field.kind == "conversations_select":
                typed.append("#team")
            elif field.kind in ("static_select", "radio_buttons", "checkboxes"):
                typed.append("1")
            elif field.kind == "datepicker":
                typed.append((today + dt.timedelta(days=30)).isoformat())
            else:
                typed.append("09:30")
        return typed or [""], retries  # a form without fields: Enter sends it


def test_every_control_on_screen_can_be_pressed_and_every_form_filled(
    session: Session,
) -> None:
    user = ScriptedShell(session)
    # Dana and Carol set up and then answer nothing: three weeks on, each is asked whether
    # to pause.
    setup(user, "dana", manager="@carol")
    setup(user, "carol", manager="-")
    weeks = user.type(":week", ":week", ":week", ":week")
    assert weeks.count("You haven't answered the last three check-ins") == 2, weeks

    setup(user, "kofi", manager="@dana", channel="#team")
    user.type(
        "/mgr-goal add Run the Q1 planning retro from @dana area coaching due in 3 weeks",
        "/mgr-goal add Write the on-call guide area knowledge sharing",
        "/mgr-goal add",
        "Mentor the new hire",
        "@dana",
        "Coaching",
        "",
        "/mgr-goal win Walked the new hire through their first deploy area coaching share",
        "/mgr-goal win Fixed the flaky build",
        ":in #team",
        "/mgr-goal digest on",
        ":in dm",
        "/mgr-goal blurb @dana getting through on-call",
        "/mgr-goal stakeholder ask @carol",
        "/mgr-goal stakeholder ask @dana",
        "/mgr-goal remove 1",
        "/mgr-goal remove 2",
        ":as dana",
        "/mgr-goal blurb @kofi the retro",
        ":as carol",
        "/mgr-goal blurb @kofi the planning doc",
        ":as kofi",
        ":next checkin",
    )
    crawler = Crawler(user)

    for _ in range(4):  # new weeks bring new check-ins and answers to press
        crawler.crawl()
        if {action for action, _ in crawler.answered} >= ACTION_IDS:
            break
        user.type(":as kofi", ":next checkin")

    transcript = user.transcript
    for problem in PROBLEMS:
        assert problem not in transcript, _around(transcript, problem)
    assert user.status == 0
    answered = {action for action, _ in crawler.answered}
    assert answered >= ACTION_IDS, f"never pressed (or only refused): {ACTION_IDS - answered}"
    assert set(crawler.pressed) == crawler.seen, "some controls shown were never pressed"
    for menu, choices in MENU_CHOICES.items():
        assert {choice for action, choice in crawler.answered if action == menu} == choices
    assert crawler.submitted >= FORMS, f"never filled: {FORMS - crawler.submitted}"


def _around(transcript: str, needle: str, width: int = 1500) -> str:
    at = transcript.index(needle)
    return transcript[max(0, at - width) : at + 300]


def test_a_reminder_in_a_dm_thread_is_headed_as_that_dm(session: Session) -> None:
    user = ScriptedShell(session)
    user.type("/mgr-goal add Write the on-call guide")

    printed = user.type(":next checkin", ":days 3")

    assert re.search(r"── DM to @kofi, in the thread · Wed 2 Dec 09:00 ──\n  A nudge", printed), (
        printed
    )
