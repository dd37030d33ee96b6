"""The promotion packet: the member's case as a document, built from plain values.

`document(content, options)` lays the packet out once as a list of blocks (headings, lines,
bullets, bars); `markdown()` writes them as Markdown, and `services/packet_pdf.py` draws the
same blocks as a PDF, so both files always say the same thing. The summary comes first and is
one page: it ends with a `PageBreak`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.domain.areas import SkillArea
from bot.domain.case import ItemFacts, strongest
from bot.domain.dates import day_label

BAR_WIDTH = 10
FULL, EMPTY = "█", "░"


class Section(StrEnum):
    """The parts after the summary a member may leave out."""

    LIST = "list"
    WINS = "wins"
    TESTIMONIALS = "testimonials"
    STAKEHOLDERS = "stakeholders"
    UPDATES = "updates"

    @property
    def label(self) -> str:
        return SECTION_LABELS[self]


SECTION_LABELS = {
    Section.LIST: "The list, by who asked",
    Section.WINS: "Wins by skill area",
    Section.TESTIMONIALS: "Testimonials",
    Section.STAKEHOLDERS: "Stakeholder log",
    Section.UPDATES: "Updates sent",
}


class AskedBy(StrEnum):
    MANAGER = "manager"
    STAKEHOLDER = "stakeholder"
    SELF = "self"


@dataclass(frozen=True)
class Evidence:
    on: dt.date
    text: str


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    asked_by: AskedBy
    asker: str  # a display name or a role word, never a raw user id
    done: bool
    done_on: dt.date | None = None
    area: SkillArea | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Win:
    text: str
    happened_on: dt.date
    area: SkillArea | None = None
    shared: bool = False


@dataclass(frozen=True)
class Testimonial:
    by: str
    text: str
    on: dt.date | None = None


@dataclass(frozen=True)
class Contact:
    on: dt.date
    note: str | None = None


@dataclass(frozen=True)
class StakeholderLog:
    name: str
    note: str | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class SentUpdate:
    on: dt.date
    recipients: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class ReflectionNote:
    """A quarterly reflection: private, in the packet only when the member asks."""

    on: dt.date
    still_want: str  # as the member answered it: "yes", "not sure", "no"
    energised: str | None = None
    drained: str | None = None


@dataclass(frozen=True)
class Content:
    """Everything a packet can hold, as plain values (the service gathers them)."""

    member: str
    made_on: dt.date
    target_role: str | None = None
    target_date: dt.date | None = None
    why: str | None = None
    items: tuple[Item, ...] = ()
    wins: tuple[Win, ...] = ()
    testimonials: tuple[Testimonial, ...] = ()
    stakeholders: tuple[StakeholderLog, ...] = ()
    updates: tuple[SentUpdate, ...] = ()
    reflections: tuple[ReflectionNote, ...] = ()


@dataclass(frozen=True)
class Options:
    """`since`: what was done, won, met, written or sent before it is left out. Private wins
    only when the member asks for them."""

    since: dt.date | None = None
    leave_out: frozenset[Section] = field(default_factory=frozenset)
    private_wins: bool = False
    reflections: bool = False  # private too: only when the member asks


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Bullet:
    text: str
    depth: int = 0


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    bar: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Line | Bullet | Bar | PageBreak


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _kept(content: Content, options: Options) -> Content:
    """The content with what happened before `since`, and private wins unless asked, left out."""
    since = options.since

    def after(day: dt.date | None) -> bool:
        return since is None or (day is not None and day >= since)

    items = tuple(item for item in content.items if not item.done or after(item.done_on))
    wins = tuple(
        win
        for win in content.wins
        if (win.shared or options.private_wins) and after(win.happened_on)
    )
    stakeholders = tuple(
        replace(log, contacts=tuple(c for c in log.contacts if after(c.on)))
        for log in content.stakeholders
    )
    testimonials = tuple(said for said in content.testimonials if after(said.on))
    updates = tuple(update for update in content.updates if after(update.on))
    reflections = tuple(
        note for note in content.reflections if options.reflections and after(note.on)
    )
    return replace(
        content,
        items=items,
        wins=wins,
        testimonials=testimonials,
        stakeholders=stakeholders,
        updates=updates,
        reflections=reflections,
    )


def area_counts(content: Content) -> dict[SkillArea, int]:
    """Evidence per skill area: the evidence notes on its items and the wins logged in it."""
    counts = dict.fromkeys(SkillArea, 0)
    for item in content.items:
        if item.area is not None:
            counts[item.area] += len(item.evidence)
    for win in content.wins:
        if win.area is not None:
            counts[win.area] += 1
    return counts


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """`████░░░░░░`: `count` against the area with the most, never empty for a non-zero count."""
    if most <= 0:
        return EMPTY * width
    filled = round(width * count / most)
    if count > 0:
        filled = max(filled, 1)
    return FULL * filled + EMPTY * (width - filled)


def title(content: Content) -> str:
    """The packet's title: its first heading, and the files' title."""
    return f"Promotion packet: {content.member}" if content.member else "Promotion packet"


def _summary(content: Content, options: Options) -> Iterator[Block]:
    yield Heading(1, title(content))
    made = f"Made on {day_label(content.made_on)}"
    if options.since is not None:
        made += f", covering what happened since {day_label(options.since)}"
    yield Line(made + ".")
    yield Heading(2, "Summary")
    yield Line(f"Target role: {_one_line(content.target_role or '') or 'not set'}", bold=True)
    target = day_label(content.target_date) if content.target_date else "not set"
    yield Line(f"Target date: {target}", bold=True)
    if content.why:
        yield Line(f"Why: {_one_line(content.why)}")
    done = sum(1 for item in content.items if item.done)
    yield Line(f"Progress: {done} of {len(content.items)} items done")
    highlights = _highlights(content)
    if highlights:
        # The first thing a reader of page one should see: what was done, with its evidence.
        yield Line("Highlights:", bold=True)
        for item, note in highlights:
            yield Bullet(f"#{item.number} {_one_line(item.text)}: {_clip(_one_line(note), 160)}")
    counts = area_counts(content)
    most = max(counts.values())
    yield Line("Evidence by skill area (evidence notes and wins):", bold=True)
    for area, count in counts.items():
        yield Bar(area.label, count, bar(count, most))
    months = {(update.on.year, update.on.month) for update in content.updates}
    yield Line(
        f"Wins: {len(content.wins)} · Testimonials: {len(content.testimonials)} · "
        f"Stakeholders: {len(content.stakeholders)} · "
        f"Months with an update sent: {len(months)}"
    )
    yield PageBreak()


HIGHLIGHTS = 3


def _highlights(content: Content) -> list[tuple[Item, str]]:
    """The done items with the most evidence (the newest evidence breaks a tie, then the
    number, as the ready prompt's talking points choose them), each with its newest note."""
    facts = [
        ItemFacts(
            number=item.number,
            text=item.text,
            area=item.area.value if item.area else None,
            evidence=tuple(e.text for e in sorted(item.evidence, key=lambda e: e.on, reverse=True)),
            newest_evidence=max((e.on for e in item.evidence), default=None),
            done_on=item.done_on,
        )
        for item in content.items
        if item.done
    ]
    by_number = {item.number: item for item in content.items}
    return [(by_number[f.number], f.evidence[0]) for f in strongest(facts, n=HIGHLIGHTS)]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


GROUP_ORDER = {AskedBy.MANAGER: 0, AskedBy.STAKEHOLDER: 1, AskedBy.SELF: 2}


def _group_title(item: Item) -> str:
    if item.asked_by is AskedBy.SELF:
        return "My own items"
    if item.asked_by is AskedBy.MANAGER:
        return f"Asked by {item.asker} (manager)"
    return f"Asked by {item.asker} (stakeholder)"


def _status(item: Item) -> str:
    if not item.done:
        return "open"
    return f"done {day_label(item.done_on)}" if item.done_on else "done"


def _list(content: Content) -> Iterator[Block]:
    yield Heading(2, Section.LIST.label)
    if not content.items:
        yield Line("No items.")
        return
    groups: dict[tuple[int, str], list[Item]] = {}
    for item in content.items:
        groups.setdefault((GROUP_ORDER[item.asked_by], _group_title(item)), []).append(item)
    for (_, title), items in sorted(groups.items(), key=lambda pair: pair[0]):
        yield Heading(3, title)
        for item in sorted(items, key=lambda i: i.number):
            area = f" ({item.area.label})" if item.area else ""
            yield Bullet(f"#{item.number} {_one_line(item.text)}{area}: {_status(item)}")
            for note in item.evidence:
                yield Bullet(f"{day_label(note.on)}: {_one_line(note.text)}", depth=1)


def _wins(content: Content) -> Iterator[Block]:
    yield Heading(2, Section.WINS.label)
    if not content.wins:
        yield Line("No wins.")
        return
    areas: list[SkillArea | None] = [*SkillArea, None]
    for area in areas:
        wins = sorted(
            (win for win in content.wins if win.area == area), key=lambda w: w.happened_on
        )
        if not wins:
            continue
        yield Heading(3, area.label.capitalize() if area else "No area")
        for win in wins:
            private = "" if win.shared else " (private)"
            yield Bullet(f"{day_label(win.happened_on)}: {_one_line(win.text)}{private}")


def _testimonials(content: Content) -> Iterator[Block]:
    yield Heading(2, Section.TESTIMONIALS.label)
    if not content.testimonials:
        yield Line("No testimonials yet.")
        return
    for testimonial in content.testimonials:
        when = f", {day_label(testimonial.on)}" if testimonial.on else ""
        yield Bullet(f"“{_one_line(testimonial.text)}” — {testimonial.by}{when}")


def _stakeholders(content: Content) -> Iterator[Block]:
    yield Heading(2, Section.STAKEHOLDERS.label)
    if not content.stakeholders:
        yield Line("No stakeholders yet.")
        return
    for log in content.stakeholders:
        note = f": {_one_line(log.note)}" if log.note else ""
        yield Bullet(f"{log.name}{note}")
        if not log.contacts:
            yield Bullet("no conversations logged", depth=1)
        for contact in sorted(log.contacts, key=lambda c: c.on):
            said = f": {_one_line(contact.note)}" if contact.note else ""
            yield Bullet(f"{day_label(contact.on)}{said}", depth=1)


def _updates(content: Content) -> Iterator[Block]:
    yield Heading(2, Section.UPDATES.label)
    if not content.updates:
        yield Line("No updates sent.")
        return
    for update in sorted(content.updates, key=lambda u: u.on):
        to = ", ".join(update.recipients) or "nobody"
        yield Heading(3, f"{day_label(update.on)}, to {to}")
        for line in update.text.splitlines():
            if line.strip():
                yield Line(line.rstrip())


def _reflections(content: Content) -> Iterator[Block]:
    yield Heading(2, "Reflections")
    for note in sorted(content.reflections, key=lambda n: n.on):
        yield Bullet(f"{day_label(note.on)}: still want this? {note.still_want}")
        if note.energised:
            yield Bullet(f"Energised: {_one_line(note.energised)}", depth=1)
        if note.drained:
            yield Bullet(f"Drained: {_one_line(note.drained)}", depth=1)


SECTIONS = {
    Section.LIST: _list,
    Section.WINS: _wins,
    Section.TESTIMONIALS: _testimonials,
    Section.STAKEHOLDERS: _stakeholders,
    Section.UPDATES: _updates,
}


def document(content: Content, options: Options | None = None) -> list[Block]:
    """The packet laid out: the one-page summary, then each section not left out."""
    options = options or Options()
    kept = _kept(content, options)
    blocks: list[Block] = list(_summary(kept, options))
    for section, build in SECTIONS.items():
        if section not in options.leave_out:
            blocks.extend(build(kept))
    if kept.reflections:
        blocks.extend(_reflections(kept))
    return blocks


def _markdown_lines(blocks: Iterable[Block]) -> Iterator[str]:
    in_bars = False
    for block in blocks:
        if isinstance(block, Bar) != in_bars:
            in_bars = not in_bars
            yield "" if in_bars else "```"
            yield "```" if in_bars else ""
        match block:
            case Heading(level=level, text=text):
                yield ""
                yield f"{'#' * level} {text}"
                yield ""
            case Line(text=text, bold=bold):
                yield (f"**{text}**" if bold else text) + "  "
            case Bullet(text=text, depth=depth):
                yield f"{'  ' * depth}- {text}"
            case Bar(label=label, count=count, bar=drawn):
                yield f"{label:<18} {drawn} {count}"
            case PageBreak():
                yield ""
                yield "---"


def markdown(content: Content, options: Options | None = None) -> str:
    """The packet as Markdown (what Slack previews, and what a member can edit)."""
    lines = list(_markdown_lines(document(content, options)))
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"
