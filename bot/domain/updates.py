"""The monthly update: the draft built from a month of the member's list and wins, the rules
for the text they send, and each person it went to. Pure: plain values in, text out.

The draft is plain text the member edits in a modal, not mrkdwn: what is in the box is what
the recipients read (escaped when it is sent). Private wins go in tagged `[private]`, and the
text can't be sent while a tag is left, so a private win reaches someone only when the member
deletes its tag and keeps the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

PRIVATE_TAG = "[private]"
UPDATE_MAX = 3000  # a plain_text_input's most, and one section's
EVIDENCE_CHARS = 200
DONE_SHOWN = 8
ADDED_SHOWN = 8
WINS_SHOWN = 10
NEXT_SHOWN = 3
ASK = "What's one thing you'd most like to see from me next month?"


class RecipientState(StrEnum):
    PENDING = "pending"  # stored with the update; the DM goes out right after the ack
    SENT = "sent"
    FAILED = "failed"  # Slack would not deliver the DM (deactivated, not in the workspace)


@dataclass(frozen=True)
class DoneItem:
    number: int
    text: str
    done_on: dt.date
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddedItem:
    number: int
    text: str
    asked_by: str | None  # who asked, as the draft names them; None: the member's own


@dataclass(frozen=True)
class WinLine:
    text: str
    on: dt.date
    shared: bool


@dataclass(frozen=True)
class OpenItem:
    number: int
    text: str
    due: dt.date | None


@dataclass(frozen=True)
class Month:
    """What happened since the last update (or the last 30 days), as the draft needs it."""

    role: str | None
    since: dt.date
    done: tuple[DoneItem, ...]
    added: tuple[AddedItem, ...]
    wins: tuple[WinLine, ...]
    open_items: tuple[OpenItem, ...]  # due first (soonest), then oldest
    total_items: int


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _one_line(text: str) -> str:
    """The draft is line based: a newline inside stored text would break a bullet."""
    return " ".join(text.split())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _more(shown: int, total: int) -> list[str]:
    return [f"• …and {total - shown} more"] if total > shown else []


def draft_text(month: Month) -> str:
    """The draft: what was checked off (with evidence), what was added and by whom, wins
    (private ones tagged), what's next, and one ask. Empty sections are left out, except the
    first: "nothing checked off" is worth saying too."""
    role = _one_line(month.role) if month.role else "my first management role"
    lines = [f"My progress toward {role} since {_day(month.since)}.", "", "Checked off my list"]
    if month.done:
        for item in month.done[:DONE_SHOWN]:
            line = f"• #{item.number} {_one_line(item.text)} ({_day(item.done_on)})"
            if item.evidence:
                evidence = "; ".join(_one_line(note) for note in item.evidence)
                line += f": {_clip(evidence, EVIDENCE_CHARS)}"
            lines.append(line)
        lines += _more(DONE_SHOWN, len(month.done))
    else:
        lines.append("• Nothing checked off this time.")
    if month.added:
        lines += ["", "New on my list"]
        for added in month.added[:ADDED_SHOWN]:
            who = f"{_one_line(added.asked_by)} asked for this" if added.asked_by else "my own"
            lines.append(f"• #{added.number} {_one_line(added.text)} ({who})")
        lines += _more(ADDED_SHOWN, len(month.added))
    if month.wins:
        lines += ["", "Wins"]
        for win in month.wins[:WINS_SHOWN]:
            tag = "" if win.shared else f"{PRIVATE_TAG} "
            lines.append(f"• {tag}{_day(win.on)}: {_one_line(win.text)}")
        lines += _more(WINS_SHOWN, len(month.wins))
    lines += ["", "What's next"]
    if month.open_items:
        for next_up in month.open_items[:NEXT_SHOWN]:
            due = f" (due {_day(next_up.due)})" if next_up.due else ""
            lines.append(f"• #{next_up.number} {_one_line(next_up.text)}{due}")
        done = month.total_items - len(month.open_items)
        lines.append(f"• {len(month.open_items)} open, {done} of {month.total_items} done")
    else:
        lines.append("• My list is done: I'd like to talk about the role.")
    lines += ["", "One ask", f"• {ASK}"]
    return fit("\n".join(lines))


def fit(text: str) -> str:
    """At most UPDATE_MAX characters, cut at a line end (a modal refuses a longer initial value)."""
    if len(text) <= UPDATE_MAX:
        return text
    cut = text[: UPDATE_MAX - 2]
    return cut[: cut.rfind("\n")] + "\n…" if "\n" in cut else cut + "…"


def private_lines(text: str) -> list[str]:
    """Lines still carrying the private tag: the text can't be sent while there are any."""
    return [line.strip() for line in text.splitlines() if PRIVATE_TAG in line.lower()]
