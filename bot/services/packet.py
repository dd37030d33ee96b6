"""The promotion packet: gather the member's case, build it as Markdown and PDF, put both in
their DM; and "Send to my manager", which sends the same files to the linked manager.

Rows are read in one short session (a handful of queries, whatever the history's length) into
plain values; the names of the people in it are looked up in Slack after the session is closed
(a display name, or a role word: a packet never shows a raw user id). The layout is the pure
`domain/packet.py`; the PDF is `services/packet_pdf.py`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import Database
from bot.domain import packet as layout
from bot.domain.areas import SkillArea
from bot.domain.blurbs import BlurbRequestState
from bot.domain.items import ItemStatus
from bot.domain.text import has_unstorable
from bot.domain.updates import RecipientState
from bot.models import (
    PACKET_NOTE_MAX,
    BlurbRequest,
    CampaignItem,
    Member,
    MonthlyUpdate,
    PacketShare,
    Reflection,
    Stakeholder,
    StakeholderContact,
    Win,
)
from bot.services import manager_links, packet_pdf
from bot.services.errors import FieldErrors, UserError
from bot.services.members import find_member, zone
from bot.services.messenger import Messenger, MessengerError, Upload
from bot.services.names import display_name
from bot.slack.blocks import packet as packet_blocks

log = logging.getLogger(__name__)

NOTHING_YET = (
    "There's nothing to put in a packet yet. Set your target with `/mgr-goal setup` and add "
    "the first item with `/mgr-goal add …`."
)
NOT_LINKED = (
    "You have no manager linked here now, so there's nobody to send it to. "
    "`/mgr-goal manager @name` asks them to link."
)
NOTE_MAX = PACKET_NOTE_MAX
MANAGER_WORD = "my manager"
STAKEHOLDER_WORD = "a stakeholder"
COLLEAGUE_WORD = "a colleague"


@dataclass(frozen=True)
class _Item:
    number: int
    text: str
    asked_by: str | None
    done: bool
    done_at: dt.datetime | None
    area: str | None
    notes: tuple[tuple[dt.datetime, str], ...]


@dataclass(frozen=True)
class _Update:
    at: dt.datetime
    recipients: tuple[tuple[str, bool], ...]  # (user id, is the manager)
    text: str


@dataclass(frozen=True)
class Facts:
    """The member's rows as plain values, user ids still unresolved."""

    member_user_id: str
    zone: ZoneInfo
    target_role: str | None
    target_date: dt.date | None
    why: str | None
    manager_user_id: str | None
    link_id: int | None
    items: tuple[_Item, ...] = ()
    wins: tuple[layout.Win, ...] = ()
    testimonials: tuple[tuple[str, str, dt.datetime | None], ...] = ()
    stakeholders: tuple[
        tuple[str, str | None, tuple[tuple[dt.datetime, str | None], ...]], ...
    ] = ()
    updates: tuple[_Update, ...] = ()
    reflections: tuple[tuple[dt.datetime, str, str | None, str | None], ...] = ()

    def people(self) -> set[str]:
        """Every user id whose name the packet shows."""
        found = {self.member_user_id}
        if self.manager_user_id:
            found.add(self.manager_user_id)
        found.update(item.asked_by for item in self.items if item.asked_by)
        found.update(writer for writer, _, _ in self.testimonials)
        found.update(user_id for user_id, _, _ in self.stakeholders)
        for sent in self.updates:
            found.update(user_id for user_id, _ in sent.recipients)
        return found


def _area(value: str | None) -> SkillArea | None:
    try:
        return SkillArea(value) if value else None
    except ValueError:
        return None


def gather(session: Session, *, team_id: str, user_id: str) -> Facts:
    """The member's case as stored: a fixed handful of queries for any length of history."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise UserError(NOTHING_YET)
    link = manager_links.active_link(session, team_id=team_id, user_id=user_id)
    items = session.scalars(
        select(CampaignItem)
        .where(CampaignItem.member_id == member.id)
        .options(selectinload(CampaignItem.notes))
        .order_by(CampaignItem.number)
    ).all()
    wins = session.scalars(
        select(Win).where(Win.member_id == member.id).order_by(Win.happened_on, Win.id)
    ).all()
    blurbs = session.scalars(
        select(BlurbRequest)
        .where(
            BlurbRequest.member_id == member.id,
            BlurbRequest.state == BlurbRequestState.WRITTEN,
            BlurbRequest.may_share.is_(True),
            BlurbRequest.blurb.is_not(None),
        )
        .order_by(BlurbRequest.answered_at, BlurbRequest.id)
    ).all()
    stakeholders = session.scalars(
        select(Stakeholder).where(Stakeholder.member_id == member.id).order_by(Stakeholder.id)
    ).all()
    contacts: dict[int, list[tuple[dt.datetime, str | None]]] = {}
    for contact in session.scalars(
        select(StakeholderContact)
        .join(Stakeholder, Stakeholder.id == StakeholderContact.stakeholder_id)
        .where(Stakeholder.member_id == member.id)
        .order_by(StakeholderContact.at)
    ):
        contacts.setdefault(contact.stakeholder_id, []).append((contact.at, contact.note))
    updates = session.scalars(
        select(MonthlyUpdate)
        .where(MonthlyUpdate.member_id == member.id)
        .options(selectinload(MonthlyUpdate.recipients))
        .order_by(MonthlyUpdate.created_at)
    ).all()
    reflections = session.scalars(
        select(Reflection).where(Reflection.member_id == member.id).order_by(Reflection.created_at)
    ).all()
    return Facts(
        member_user_id=member.user_id,
        zone=zone(member),
        target_role=member.target_role,
        target_date=member.target_date,
        why=member.why,
        manager_user_id=link.manager_user_id if link else member.manager_user_id,
        link_id=link.id if link else None,
        items=tuple(_item(item) for item in items),
        wins=tuple(
            layout.Win(
                text=win.text, happened_on=win.happened_on, area=_area(win.area), shared=win.shared
            )
            for win in wins
        ),
        testimonials=tuple(
            (blurb.colleague_user_id, blurb.blurb or "", blurb.answered_at) for blurb in blurbs
        ),
        stakeholders=tuple(
            (row.user_id, row.note, tuple(contacts.get(row.id, ()))) for row in stakeholders
        ),
        updates=tuple(sent for row in updates if (sent := _sent(row, member)).recipients),
        reflections=tuple(
            (row.created_at, row.still_want, row.energised, row.drained) for row in reflections
        ),
    )


def _item(item: CampaignItem) -> _Item:
    return _Item(
        number=item.number,
        text=item.text,
        asked_by=item.asked_by_user_id,
        done=item.status == ItemStatus.DONE,
        done_at=item.done_at,
        area=item.area,
        notes=tuple((note.created_at, note.text) for note in item.notes),
    )


def _sent(row: MonthlyUpdate, member: Member) -> _Update:
    recipients = tuple(
        (r.user_id, r.is_manager)
        for r in row.recipients
        if r.state == RecipientState.SENT and r.user_id != member.user_id
    )
    return _Update(at=row.created_at, recipients=recipients, text=row.text)


def content_of(facts: Facts, *, names: Mapping[str, str], today: dt.date) -> layout.Content:
    """The facts with every person named (by `names`, else by their role) and every moment a
    day in the member's time zone."""

    def day(at: dt.datetime) -> dt.date:
        return at.astimezone(facts.zone).date()

    def asked(user_id: str | None) -> tuple[layout.AskedBy, str]:
        if not user_id or user_id == facts.member_user_id:
            return layout.AskedBy.SELF, "me"
        if user_id == facts.manager_user_id:
            return layout.AskedBy.MANAGER, names.get(user_id, MANAGER_WORD)
        return layout.AskedBy.STAKEHOLDER, names.get(user_id, STAKEHOLDER_WORD)

    items = []
    for item in facts.items:
        kind, asker = asked(item.asked_by)
        items.append(
            layout.Item(
                number=item.number,
                text=item.text,
                asked_by=kind,
                asker=asker,
                done=item.done,
                done_on=day(item.done_at) if item.done_at else None,
                area=_area(item.area),
                evidence=tuple(layout.Evidence(day(at), text) for at, text in item.notes),
            )
        )

    def recipient(user_id: str, is_manager: bool) -> str:
        return names.get(user_id, MANAGER_WORD if is_manager else STAKEHOLDER_WORD)

    return layout.Content(
        member=names.get(facts.member_user_id, ""),
        made_on=today,
        target_role=facts.target_role,
        target_date=facts.target_date,
        why=facts.why,
        items=tuple(items),
        wins=facts.wins,
        testimonials=tuple(
            layout.Testimonial(
                by=names.get(writer, COLLEAGUE_WORD), text=text, on=day(at) if at else None
            )
            for writer, text, at in facts.testimonials
        ),
        stakeholders=tuple(
            layout.StakeholderLog(
                name=names.get(user_id, STAKEHOLDER_WORD),
                note=note,
                contacts=tuple(layout.Contact(day(at), said) for at, said in logged),
            )
            for user_id, note, logged in facts.stakeholders
        ),
        updates=tuple(
            layout.SentUpdate(
                on=day(sent.at),
                recipients=tuple(recipient(u, m) for u, m in sent.recipients),
                text=sent.text,
            )
            for sent in facts.updates
        ),
        reflections=tuple(
            layout.ReflectionNote(
                on=day(at), still_want=still.replace("_", " "), energised=up, drained=down
            )
            for at, still, up, down in facts.reflections
        ),
    )


def names_of(messenger: Messenger, people: set[str]) -> dict[str, str]:
    found = {}
    for user_id in sorted(people):
        name = display_name(messenger, user_id)
        if name:
            found[user_id] = name
    return found


@dataclass(frozen=True)
class Built:
    """Both files, and what the follow-up needs: the active link (for Send to my manager)."""

    files: list[Upload]
    link_id: int | None
    member_name: str


def files_for(content: layout.Content, options: layout.Options) -> list[Upload]:
    """The Markdown and the PDF of one packet."""
    text = layout.markdown(content, options)
    title = layout.title(content)
    pdf = packet_pdf.render(layout.document(content, options), title=title)
    stem = f"promotion-packet-{content.made_on.isoformat()}"
    return [
        Upload(filename=f"{stem}.md", title=f"{title} (Markdown)", content=text.encode()),
        Upload(filename=f"{stem}.pdf", title=f"{title} (PDF)", content=pdf),
    ]


def build(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    now: dt.datetime,
    options: layout.Options,
    names: Callable[[Messenger, set[str]], dict[str, str]] = names_of,
) -> Built:
    """The member's packet, both files (names are looked up after the session is closed)."""
    with db.session() as session:
        facts = gather(session, team_id=team_id, user_id=user_id)
    named = names(messenger, facts.people())
    content = content_of(facts, names=named, today=now.astimezone(facts.zone).date())
    return Built(
        files=files_for(content, options),
        link_id=facts.link_id,
        member_name=content.member,
    )


def deliver(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    now: dt.datetime,
    options: layout.Options | None = None,
) -> Built:
    """Build the packet and put it in the member's DM, then the message with Send to my
    manager (only while a manager link is active) and how to choose what's in it."""
    options = options or layout.Options()
    built = build(
        db=db, messenger=messenger, team_id=team_id, user_id=user_id, now=now, options=options
    )
    try:
        messenger.upload_to_dm(
            user_id=user_id, files=built.files, comment=packet_blocks.upload_comment(options)
        )
    except MessengerError as exc:
        # They were told "Building your packet…": silence after that would read as lost.
        log.warning("packet upload to %s failed: %s", user_id, exc)
        with suppress(MessengerError):
            messenger.post_dm(user_id=user_id, message=packet_blocks.upload_failed())
        return built
    messenger.post_dm(user_id=user_id, message=packet_blocks.ready(link_id=built.link_id))
    return built


@dataclass(frozen=True)
class ShareTo:
    link_id: int
    manager_user_id: str
    member_id: int


def share_target(session: Session, *, team_id: str, user_id: str, link_id: int) -> ShareTo:
    """The presser's active manager link, if it is the one the button names; else refused."""
    link = manager_links.active_link(session, team_id=team_id, user_id=user_id)
    if link is None or link.id != link_id:
        raise UserError(NOT_LINKED)
    return ShareTo(link_id=link.id, manager_user_id=link.manager_user_id, member_id=link.member_id)


@dataclass(frozen=True)
class Shared:
    share_id: int
    manager_user_id: str
    note: str | None


def record_share(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    link_id: int,
    note: str | None,
    now: dt.datetime,
) -> Shared:
    """Check the link again (it may have ended while the modal was open) and record the share."""
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise FieldErrors({"note": f"Keep it to {NOTE_MAX} characters."})
    if note is not None and has_unstorable(note):
        raise FieldErrors({"note": "That line has characters I can't store."})
    target = share_target(session, team_id=team_id, user_id=user_id, link_id=link_id)
    row = PacketShare(
        team_id=team_id,
        member_id=target.member_id,
        manager_user_id=target.manager_user_id,
        note=note,
        state=RecipientState.PENDING,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return Shared(share_id=row.id, manager_user_id=target.manager_user_id, note=note)


def send_share(
    *,
    db: Database,
    messenger: Messenger,
    team_id: str,
    user_id: str,
    shared: Shared,
    now: dt.datetime,
) -> bool:
    """Upload the packet (default options) to the manager's DM once; record sent or failed."""
    built = build(
        db=db,
        messenger=messenger,
        team_id=team_id,
        user_id=user_id,
        now=now,
        options=layout.Options(),
    )
    comment = packet_blocks.manager_comment(member_user_id=user_id, member_name=built.member_name)
    try:
        messenger.upload_to_dm(user_id=shared.manager_user_id, files=built.files, comment=comment)
    except MessengerError as exc:
        log.warning("packet to %s failed: %s", shared.manager_user_id, exc)
        _mark(db, shared.share_id, RecipientState.FAILED)
        return False
    _mark(db, shared.share_id, RecipientState.SENT)
    note = packet_blocks.shared_with_you(member_user_id=user_id, note=shared.note)
    try:
        messenger.post_dm(user_id=shared.manager_user_id, message=note)
    except MessengerError as exc:  # the files are there; the note is the extra
        log.warning("packet note to %s failed: %s", shared.manager_user_id, exc)
    return True


def _mark(db: Database, share_id: int, state: RecipientState) -> None:
    with db.session() as session:
        session.execute(
            update(PacketShare)
            .where(PacketShare.id == share_id, PacketShare.state == RecipientState.PENDING)
            .values(state=state)
            .execution_options(synchronize_session=False)
        )
