"""`mgrbot shell`: try the bot in a terminal, without a Slack workspace.

You type what a person types in Slack (`/mgr-goal add …`), press what they'd press (`2`, or
`:press Did it`), fill the forms the bot opens field by field, and move time (`:week`) to watch
check-ins, reminders and the digest arrive. Everything runs through the real app
(bot/devtools/session.py); this module is only the terminal around it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from bot.devtools import forms, render, timeline
from bot.devtools.session import Output, Result, Session, Surface
from bot.devtools.workspace import TEAM_ID, Person, is_dm

COMMAND = "/mgr-goal"
QUIT = (":quit", ":q", ":exit")
HELP = """\
Type what you'd type in Slack, or a shell command:
  /mgr-goal <anything>   the bot's command: /mgr-goal help, /mgr-goal setup, ...
  3  or  :press 3        press control [3] (a button or one option of a menu)
  :press Did it          press the control with that label on your screen
  :home                  open your App Home tab
  :as dana               be someone else; :people lists who is here
  :in #team  /  :in dm   where your next /mgr-goal is typed (default: your DM)
  /invite @mgr-goal      add the bot to this channel (it is in #team, not #random)
  :at 2026-12-07 09:00   move the clock (your time zone); what falls due runs
  :next checkin          move to your next check-in (:next digest; :next alone:
                         the next scheduled thing of any kind)
  :week  :week 2  :days 3   move one week, two weeks, three days ahead
  :now                   the time, for you and in UTC
  :help  /  :quit
In a form, type a value and Enter. Enter alone keeps what [brackets] show, `-`
clears it, `:cancel` closes the form. Pick a choice by its number or its name.
A text of several lines is shown numbered: `:line 3 new text` replaces line 3,
`:del 3` (or `:del 3-5`) deletes, `:add 3 text` adds a line after line 3 (`:add 0`:
at the top); Enter or `:done` keeps the text, anything else typed replaces it all.
Each person sees only their own screen: Kofi's list is private to him, and a
control on someone else's screen is pressed after `:as` them.
In a --script file, lines starting with "# " are comments."""


@dataclass
class Pressable:
    number: int
    surface: Surface
    version: int
    control: render.Control


class Lines:
    """Where the shell reads its input: a script, a pipe, or a person at a terminal."""

    def __init__(self, source: TextIO, *, interactive: bool, echo: Callable[[str], None]) -> None:
        self._source = source
        self._interactive = interactive
        self._echo = echo
        if interactive:
            # Line editing and history for input(); without it (Windows) input still works.
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401

    def read(self, prompt: str) -> str | None:
        """The next line, or None at the end of the input."""
        if self._interactive:
            try:
                return input(prompt)
            except EOFError:  # Ctrl-D: leave the prompt's line before saying anything
                print()
                return None
            except KeyboardInterrupt:  # Ctrl-C leaves a form, or the line being typed
                print()
                return ":cancel"
        line = self._source.readline()
        if not line:
            return None
        line = line.rstrip("\n").removesuffix("\r")
        self._echo(prompt + line)
        return line


class Shell:
    def __init__(self, session: Session, *, console: Console, lines: Lines, person: Person) -> None:
        self.session = session
        self.workspace = session.workspace
        self.console = console
        self.lines = lines
        self.person = person
        self.channels: dict[str, str | None] = {}  # where each person types; None: their DM
        self.controls: dict[int, Pressable] = {}
        self._next_number = 1
        self.watching: str | None = None  # the Home tab being looked at, shown in full
        self.pending: str | None = None  # a line typed into a form that left it
        self.failures = 0  # errors the bot hit: the exit status tells a script about them

    # the loop
    def run(self) -> int:
        while True:
            self.show(self.session.catch_up())
            line, self.pending = self.pending, None
            if line is None:
                line = self.lines.read(self.prompt())
            if line is None:
                break
            if line.strip() in QUIT:
                break
            try:
                self.handle(line)
            except KeyboardInterrupt:  # Ctrl-C while the bot works: what it did stays done
                self.say("Interrupted.", "yellow")
        return 1 if self.failures else 0

    @property
    def channel(self) -> str | None:
        """The channel the current person types in; None for their DM with the bot."""
        return self.channels.get(self.person.user_id)

    def prompt(self) -> str:
        where = f"#{self.workspace.channel_name(self.channel)}" if self.channel else "DM"
        return f"{day_and_time(self.local(self.session.clock()))} {self.person.handle} in {where}> "

    def handle(self, line: str) -> None:
        text = line.strip()
        if not text or text.startswith("# "):
            return
        if text.startswith("/"):
            self.slash(text)
        elif number_in(text) is not None:
            self.press(text)
        elif text.startswith(":"):
            verb, _, rest = text[1:].partition(" ")
            action = self._verbs().get(verb.lower())
            if action is None:
                self.say(f"Unknown shell command :{verb}. :help lists them.", "yellow")
            else:
                action(rest.strip())
        else:
            self.say("Type /mgr-goal … as in Slack, a number to press, or :help.", "yellow")

    def _verbs(self) -> dict[str, Callable[[str], None]]:
        return {
            "help": lambda _: self.console.print(Text(HELP)),
            "press": self.press,
            "p": self.press,
            "home": lambda _: self.home(),
            "as": self.become,
            "people": lambda _: self.people(),
            "in": self.move_to,
            "at": self.at,
            "next": self.next_due,
            "week": self.weeks,
            "days": self.days,
            "now": lambda _: self.now(),
            "cancel": lambda _: self.close_views(),
        }

    def close_views(self) -> None:
        """`:cancel` (or Ctrl-C) at the prompt closes a view left open for its buttons."""
        while (modal := self.session.top_modal()) is not None:
            self.session.cancel(modal)

    # what a person does
    def slash(self, text: str) -> None:
        self.close_views()  # in Slack a command is typed with no view open
        name, _, rest = text.partition(" ")
        if name == "/invite":
            self.invite(rest)
            return
        if name != COMMAND:
            self.say(f"This workspace has one slash command: {COMMAND}.", "yellow")
            return
        if self.channel:
            channel, channel_name = self.channel, self.workspace.channel_name(self.channel)
        else:
            channel, channel_name = self.person.dm_channel, "directmessage"
        self.after(
            self.session.command(rest, user=self.person, channel=channel, channel_name=channel_name)
        )

    def invite(self, who: str) -> None:
        if who.strip().lower() not in ("@mgr-goal", "mgr-goal"):
            self.say("Here /invite only takes the bot: /invite @mgr-goal", "yellow")
        elif self.channel is None:
            self.say("Type it in a channel: :in #random first.", "yellow")
        else:
            name = self.workspace.channel_name(self.channel)
            if self.session.invite_bot(self.channel):
                self.say(f"@mgr-goal joined #{name}.", "green")
            else:
                self.say(f"@mgr-goal is already in #{name}.", "dim")

    def home(self) -> None:
        result = self.session.open_home(self.person)
        home = self.session.home_of(self.person.user_id)
        shown = [o for o in result.outputs if o.surface is not home]
        self.show(Result(outputs=shown, problem=result.problem, ticks=result.ticks))
        if home is None:
            self.say("The bot published no Home tab.", "yellow")
            return
        self.show_surface(Output(home, "new", self.session.clock()), full=True)

    def press(self, which: str) -> None:
        found = self.find_control(which.strip())
        if found is None:
            return
        surface, control = found.surface, found.control
        if not self.sees(surface):
            owner = self.workspace.user_name(surface.viewer or "")
            self.say(
                f"[{found.number}] is on @{owner}'s screen; :as {owner} to press it.", "yellow"
            )
            return
        self.say(f"→ {control.label}", "dim")
        if control.url:
            self.say(f"That button opens {control.url} in a browser.", "dim")
        presser = self.person.user_id
        if control.confirm and not self.confirmed(control.confirm):
            self.say("Not pressed.", "dim")
            return
        result = self.session.press(surface, control, user=presser)
        # Someone looking at their Home tab sees it change in place.
        self.watching = surface.key if surface.kind == "home" else None
        try:
            self.after(result)
        finally:
            self.watching = None

    def find_control(self, which: str) -> Pressable | None:
        if not which:
            self.say("Press what? Give its number, e.g. :press 2", "yellow")
            return None
        if (number := number_in(which)) is not None:
            found = self.controls.get(number)
            if found is None:
                self.say(f"There is no control [{which}].", "yellow")
                return None
        else:
            found = self.labelled(which)
            if found is None:
                return None
        if not found.surface.open:
            self.say(f"[{found.number}] was on a message that is gone.", "yellow")
            return None
        if found.version != found.surface.version and found.surface.kind == "home":
            self.say(
                f"[{found.number}] is on an older Home tab; :home shows it as it is now.", "yellow"
            )
            return None
        if found.version != found.surface.version:
            self.say(
                f"[{found.number}] is on an older copy of that message; press one on the newest "
                "copy (shown above).",
                "yellow",
            )
            return None
        return found

    def sees(self, surface: Surface) -> bool:
        """Whether the current person has this on their screen (a channel: everyone does)."""
        return surface.viewer in (None, "", self.person.user_id)

    def labelled(self, label: str) -> Pressable | None:
        """The newest control with this label (or one starting so) on the current person's
        screen; refused when one message has several, like each item's Remove."""
        wanted = label.lower()
        current = [
            p
            for p in sorted(self.controls.values(), key=lambda p: -p.number)
            if p.surface.open and p.version == p.surface.version and self.sees(p.surface)
        ]
        matches = [p for p in current if p.control.label.lower() == wanted] or [
            p for p in current if p.control.label.lower().startswith(wanted)
        ]
        if not matches:
            self.say(f"No control labelled {label!r} is on your screen.", "yellow")
            return None
        newest = [p for p in matches if p.surface is matches[0].surface]
        if len(newest) > 1:
            numbers = " ".join(f"[{p.number}]" for p in reversed(newest))
            self.say(f"{label!r} is on {numbers}; press one by its number.", "yellow")
            return None
        return matches[0]

    def confirmed(self, confirm: Mapping[str, Any]) -> bool:
        title = render.plain(confirm.get("title"))
        words = render.plain(confirm.get("text"))
        yes = render.plain(confirm.get("confirm")) or "Yes"
        self.say(f"{title}: {words}", "bold")
        reply = self.lines.read(f"  {yes}? [y/N] ")
        return (reply or "").strip().lower() in ("y", "yes")

    def become(self, who: str) -> None:
        if not who:
            self.say("Who? e.g. :as dana (:people lists who is here)", "yellow")
            return
        person = self.workspace.person(who)
        if person is None:
            self.say(f"No one called {who} here. :people lists who is.", "yellow")
            return
        self.person = person
        where = self.channels.get(person.user_id)
        place = f"#{self.workspace.channel_name(where)}" if where else "your DM with the bot"
        self.say(
            f"You are now @{person.handle} ({person.real_name}, {person.tz}), typing in {place}.",
            "green",
        )

    def people(self) -> None:
        for person in self.workspace.people:
            manager = f", manager @{person.manager}" if person.manager else ""
            line = Text(f"  @{person.handle}", style="bold")
            line.append(f"  {person.real_name}, {person.title} ({person.tz}{manager})")
            if person is self.person:
                line.append("  ← you", style="green")
            self.console.print(line)
        names = ", ".join("#" + c.name for c in self.workspace.channels)
        self.console.print(Text(f"  channels: {names}"))

    def move_to(self, where: str) -> None:
        if where.lower() in ("dm", "", "@mgr-goal"):
            self.channels[self.person.user_id] = None
            self.say("Your next /mgr-goal is typed in your DM with the bot.", "green")
            return
        channel = self.workspace.channel(where)
        if channel is None:
            names = ", ".join("#" + c.name for c in self.workspace.channels)
            self.say(f"No channel {where}; there are {names}, or dm.", "yellow")
            return
        self.channels[self.person.user_id] = channel.channel_id
        self.say(f"Your next /mgr-goal is typed in #{channel.name}.", "green")

    # time
    def local(self, instant: dt.datetime, user_id: str | None = None) -> dt.datetime:
        """`instant` in the zone of `user_id` (whoever sees it), else of the current person."""
        person = self.workspace.person(user_id) if user_id else None
        return instant.astimezone(ZoneInfo((person or self.person).tz))

    def at(self, when: str) -> None:
        instant = parse_instant(when, ZoneInfo(self.person.tz))
        if instant is None:
            self.say("Give a time like :at 2026-12-07 09:00 (your time zone).", "yellow")
            return
        if instant < self.session.clock():
            self.say(
                "Time only moves forward here: the data already lives at a later time.", "yellow"
            )
            return
        if instant > self.session.clock() + dt.timedelta(days=MAX_DAYS):
            self.say(f"That is more than {MAX_DAYS} days ahead; move a year at a time.", "yellow")
            return
        self.travel(instant)

    def days(self, count: str) -> None:
        days = number_in(count)
        if days is None or not 1 <= days <= MAX_DAYS:
            self.say(f"Give a number of days from 1 to {MAX_DAYS}, e.g. :days 3", "yellow")
            return
        self.travel(self.ahead(dt.timedelta(days=days)))

    def weeks(self, count: str) -> None:
        weeks = number_in(count or "1")
        if weeks is None or not 1 <= weeks <= MAX_DAYS // 7:
            self.say(f"Give a number of weeks from 1 to {MAX_DAYS // 7}, e.g. :week 2", "yellow")
            return
        self.travel(self.ahead(dt.timedelta(weeks=weeks)))

    def ahead(self, delta: dt.timedelta) -> dt.datetime:
        """`delta` ahead on the current person's wall clock: a week after Wed 12:00 is Wed
        12:00 again, even across a change to or from summer time."""
        local = self.local(self.session.clock())
        wall = local.replace(tzinfo=None) + delta
        return wall.replace(tzinfo=local.tzinfo).astimezone(dt.UTC)

    def next_due(self, what: str) -> None:
        now = self.session.clock()
        with self.session.db.session() as db_session:
            if what in ("checkin", "check-in"):
                due = timeline.next_checkin(
                    db_session, team_id=TEAM_ID, user_id=self.person.user_id, after=now
                )
                missing = (
                    f"@{self.person.handle} has no check-in coming: /mgr-goal setup starts "
                    "them, and /mgr-goal resume restarts paused ones."
                )
            elif what == "digest":
                due = timeline.next_digest(db_session, after=now)
                missing = "No digest is on (/mgr-goal digest on, typed in a channel)."
            elif what == "":
                due = timeline.next_due(db_session, after=now)
                missing = "Nothing is scheduled."
            else:
                self.say("Next what? :next checkin, :next digest, or :next", "yellow")
                return
        if due is None:
            self.say(missing, "yellow")
            return
        self.travel(due)

    def travel(self, instant: dt.datetime) -> None:
        local = self.local(instant)
        self.say(f"⏩ {local:%a} {local.day} {local:%b %Y %H:%M} ({self.person.tz})", "cyan")
        try:
            self.show(self.session.run_until(instant))
        except KeyboardInterrupt:  # the work done so far stays done; the clock stops there
            self.say(f"Stopped at {day_and_time(self.local(self.session.clock()))}.", "yellow")

    def now(self) -> None:
        now = self.session.clock()
        local = self.local(now)
        self.say(f"{local:%a} {local.day} {local:%b %Y %H:%M} {self.person.tz} ({now:%H:%M} UTC)")

    # what the person sees
    def after(self, result: Result) -> None:
        """Show what a request caused, then fill any form it opened."""
        self.show(result)
        self.fill_forms()

    def fill_forms(self) -> None:
        while (modal := self.session.top_modal()) is not None:
            if not self.fill(modal):
                return

    def fill(self, modal: Surface) -> bool:
        """Ask for each field and submit; False when the person left the form."""
        fields = forms.fields_of(modal.body, self.workspace)
        submit = render.plain(modal.body.get("submit"))
        if not submit:
            if not _has_buttons(modal.body):
                self.session.cancel(modal)  # a notice: nothing to fill, nothing to send
                return True
            # As in Slack, a view with buttons stays open until one is pressed or it is closed.
            self.say("This view stays open: press a button by its number, or :cancel.", "dim")
            return False
        values: dict[str, Any] = {f.block_id: f.initial for f in fields}
        errors: dict[str, str] = {}
        while True:
            todo = [f for f in fields if not errors or f.block_id in errors]
            for field in todo:
                value = self.ask(field, values[field.block_id], errors.get(field.block_id))
                if value is _CANCEL:
                    return self.leave(modal)
                values[field.block_id] = value
            if not fields and not self.ask_submit(submit):
                return self.leave(modal)
            result = self.session.submit(modal, values, user=modal.viewer or self.person.user_id)
            errors = result.errors
            self.show(result)
            if not modal.open:
                self.say(f"✓ {submit}: sent.", "dim")
                return True
            if not errors:
                return True  # the bot put a new form in its place: fill that one
            unplaced = {k: v for k, v in errors.items() if k not in {f.block_id for f in fields}}
            for message in unplaced.values():
                self.say(f"✗ {message}", "red")
            if unplaced:
                return self.leave(modal)
            self.say("The form wasn't sent; fix the fields marked ✗:", "red")

    def leave(self, modal: Surface) -> bool:
        self.session.cancel(modal)
        self.say("Form closed; nothing was sent.", "dim")
        return False

    def ask_submit(self, submit: str) -> bool:
        reply = self.lines.read(f"  Enter to {submit}, :cancel to close> ")
        return reply is not None and not self.leaves_form(reply)

    def leaves_form(self, typed: str) -> bool:
        """`:cancel` closes the form; `:quit` closes it and the shell. Anything else typed
        into a form is that field's value, even if it looks like a command."""
        text = typed.strip().lower()
        if text in QUIT:
            self.pending = text
        return text == ":cancel" or text in QUIT

    def ask(self, field: forms.Field, current: Any, error: str | None) -> Any:
        label = Text("  " + render.inert(field.label), style="bold")
        if field.optional:
            label.append(" (optional)", style="dim")
        if field.hint:
            label.append(f" - {field.hint}", style="dim")
        self.console.print(label)
        if field.options and not field.is_yes_no:
            listed = "  ".join(f"{n}. {o.label}" for n, o in enumerate(field.options, 1))
            self.console.print(Text("    " + listed, style="dim"))
        if field.kind == "users_select":
            names = "  ".join("@" + p.handle for p in self.workspace.people)
            self.console.print(Text("    " + names, style="dim"))
        if error:
            self.console.print(Text(f"    ✗ {render.inert(error)}", style="red"))
        if field.kind == "plain_text_input" and field.multiline:
            return self.edit(field, str(current or ""))
        shown = field.shown(current, self.workspace)
        hint = f" [{shown}]" if shown else (f" ({field.placeholder})" if field.placeholder else "")
        question = f"{field.options[0].label}? " if field.is_yes_no else ""
        kind = "yes_no" if field.is_yes_no else field.kind
        while True:
            typed = self.lines.read(f"    {question}{_KIND_PROMPT.get(kind, '')}{hint}> ")
            if typed is None or self.leaves_form(typed):
                return _CANCEL
            try:
                value = forms.answer(field, typed, self.workspace)
                forms.check(field, value)
                return value
            except forms.AnswerError as exc:
                self.console.print(Text(f"    ✗ {render.inert(str(exc))}", style="red"))

    def edit(self, field: forms.Field, text: str) -> Any:
        """A multi-line text as numbered lines, edited a line at a time (forms.edit_lines) as
        a person edits one line of a long text in Slack. Enter or `:done` keeps the text as it
        stands; anything else typed replaces it all, as in any other field."""
        if text:
            self.show_numbered(text, explain=True)
        while True:
            count = len(text.split("\n"))
            if text:
                hint = f" [Enter keeps these {count} lines]" if count > 1 else " [Enter keeps it]"
            else:
                hint = f" ({field.placeholder})" if field.placeholder else ""
            typed = self.lines.read(f"    {hint}> ")
            if typed is None or self.leaves_form(typed):
                return _CANCEL
            try:
                if typed.strip().lower() in ("", ":done"):
                    value = text or None
                elif typed.strip().lower() == ":help":  # not a text anyone means to send
                    self.show_numbered(text, explain=True)
                    continue
                elif forms.is_edit(typed):
                    text = forms.edit_lines(text, typed)
                    self.show_numbered(text)
                    continue
                else:
                    value = forms.answer(field, typed, self.workspace)
                forms.check(field, value)
                return value
            except forms.AnswerError as exc:
                self.console.print(Text(f"    ✗ {render.inert(str(exc))}", style="red"))

    def show_numbered(self, text: str, *, explain: bool = False) -> None:
        """The text with its lines numbered, as the edits name them; `explain`: and how to."""
        if not text:
            self.say("    (no text: :add 0 text starts it, or type it all)", "dim")
        elif self.console.is_terminal:  # a long line wraps under its text, not its number
            grid = Table.grid(padding=(0, 2))
            grid.add_column(justify="right", style="dim", no_wrap=True)
            grid.add_column()
            for number, line in enumerate(text.split("\n"), 1):
                grid.add_row(Text(str(number)), Text(render.inert(line)))
            self.console.print(Padding(grid, (0, 0, 0, 4)))
        else:
            lines = text.split("\n")
            width = len(str(len(lines)))
            for number, line in enumerate(lines, 1):
                row = Text()
                row.append(f"{number:>{width}}", style="dim")
                row.append("  " + render.inert(line))
                self.print_indented(row, 4)
        if explain:
            self.print_indented(Text(forms.EDIT_HELP, style="dim"), 4)

    def show(self, result: Result) -> None:
        for report in result.ticks:
            self.say(
                f"  ⏱ {day_and_time(self.local(report.at))}: {work_done(report.done)}",
                "dim",
            )
        for output in result.outputs:
            self.show_surface(output)
        if result.problem:
            self.failures += 1
            self.say(f"⚠ {result.problem}", "bold red")

    def show_surface(self, output: Output, *, full: bool = False) -> None:
        surface = output.surface
        if surface.kind == "home" and not full and surface.key != self.watching:
            owner = self.workspace.user_name(surface.viewer or "")
            self.say(f"  ↻ @{owner}'s Home tab was updated (:home to see it)", "dim")
            return
        self.console.print(Text(self.heading(output), style="bold blue"))
        if output.change == "removed":
            return
        number = self._numberer(surface)
        if surface.kind == "modal":  # its inputs are asked for one by one right after
            blocks = [b for b in surface.body.get("blocks") or [] if b.get("type") != "input"]
            lines = render.view_lines({**surface.body, "blocks": blocks}, self.workspace, number)
        elif surface.is_view:
            lines = render.view_lines(surface.body, self.workspace, number)
        else:
            lines = render.message_lines(surface.body, self.workspace, number)
        for line in lines:
            self.print_indented(line)
        self.console.print()

    def print_indented(self, line: Text, indent: int = 2) -> None:
        """A terminal wraps long lines under the indent; a pipe gets each line whole."""
        if self.console.is_terminal:
            self.console.print(Padding(line, (0, 0, 0, indent)))
        else:
            for part in line.split("\n"):
                self.console.print(Text(" " * indent).append_text(part), soft_wrap=True, crop=False)

    def heading(self, output: Output) -> str:
        surface = output.surface
        viewer = self.workspace.user_name(surface.viewer) if surface.viewer else ""
        when = day_and_time(self.local(output.at, surface.viewer))
        in_dm = is_dm(surface.channel)
        place = (
            f"DM to @{self.workspace.user_name(surface.channel)}"
            if in_dm
            else f"#{self.workspace.channel_name(surface.channel)}"
        )
        where = {
            "dm": f"DM to @{viewer}",
            "channel": place,
            "thread": f"{place}, in the thread",
            "ephemeral": f"only @{viewer} sees this"
            + (
                f" in #{self.workspace.channel_name(surface.channel)}"
                if surface.channel.startswith("C")
                else ""
            ),
            "home": f"@{viewer}'s Home tab",
            "modal": f"form for @{viewer}",
        }[surface.kind]
        change = {"updated": " (updated)", "removed": " (removed)"}.get(output.change, "")
        return f"── {where}{change} · {when} ──"

    def _numberer(self, surface: Surface) -> Callable[[render.Control], int]:
        def number(control: render.Control) -> int:
            assigned = self._next_number
            self._next_number += 1
            self.controls[assigned] = Pressable(assigned, surface, surface.version, control)
            return assigned

        return number

    def say(self, message: str, style: str = "") -> None:
        self.console.print(Text(render.inert(message), style=style))


class _Cancel:
    pass


_CANCEL = _Cancel()
_KIND_PROMPT = {
    "datepicker": "YYYY-MM-DD",
    "timepicker": "HH:MM",
    "users_select": "@person",
    "conversations_select": "#channel",
    "checkboxes": "numbers, comma-separated",
    "yes_no": "y/n",
    "static_select": "number",
    "radio_buttons": "number",
}
_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?$")


def parse_instant(text: str, zone: ZoneInfo) -> dt.datetime | None:
    """`2026-12-07 09:00` (or just the date, meaning 00:00) in `zone`."""
    match = _WHEN.match(" ".join(text.split()))
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
        hour, minute = (int(p) for p in (match.group(2) or "00:00").split(":"))
        # Through UTC: 02:30 on the night clocks skip it is 03:30, as a wall clock would say.
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


MAX_DAYS = 366  # how far one move of the clock may go
# The tick's counters, as a person would say them.
_WORK = {
    "checkins_created": "check-ins scheduled",
    "checkins_sent": "check-ins sent",
    "checkins_failed": "check-ins that failed",
    "checkins_held": "check-ins held back",
    "reminders": "reminders sent",
    "digests_posted": "digests posted",
    "digests_empty": "digests with no wins to post",
    "digests_failed": "digests that failed",
    "digests_held": "digests held back",
    "blurb_requests_expired": "blurb requests expired",
}


def work_done(done: dict[str, int]) -> str:
    return ", ".join(
        f"{_WORK.get(name, name.replace('_', ' '))}: {count}" for name, count in done.items()
    )


def number_in(text: str) -> int | None:
    """A plain number as typed (ASCII digits, at most 9 of them), else None."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text.strip()) else None


def day_and_time(instant: dt.datetime) -> str:
    """`Mon 7 Dec 09:00`, the way the bot's own messages write days."""
    return f"{instant:%a} {instant.day} {instant:%b %H:%M}"


def _has_buttons(view: dict[str, Any]) -> bool:
    """A view with a button to press (in an actions block or beside a section)."""
    for block in view.get("blocks") or []:
        if block.get("type") == "actions" or (block.get("accessory") or {}).get("type") == "button":
            return True
    return False
