"""`/mgr-goal`: parse, call one service, reply in the ack body (works in any channel)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.domain.commands import (
    AddItem,
    CheckinCommand,
    Command,
    CommandError,
    Help,
    ItemCommand,
    ListItems,
    Schedule,
    Setup,
    parse,
)
from bot.domain.slack_text import escape
from bot.jobs.checkins import CheckinDelivery
from bot.models import Member
from bot.services import campaign, checkins, members
from bot.services.campaign import ItemFields
from bot.services.errors import UserError
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks import messages, modals
from bot.slack.blocks.format import WEEKDAY_NAMES
from bot.slack.blocks.messages import Message
from bot.slack.client import SlackClient
from bot.slack.deps import Actor, Deps, after_change

log = logging.getLogger(__name__)

COMMAND = "/mgr-goal"


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def handle_command(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        slack = SlackClient(client)
        now = deps.clock()
        try:
            with deps.db.session() as session:
                today = members.local_today(
                    session, team_id=actor.team_id, user_id=actor.user_id, now=now
                )
                command = parse(body.get("text") or "", today=today)
                outcome = _run(command, session, actor, deps)
        except (CommandError, UserError) as exc:
            _reply(ack, messages.notice(escape(str(exc))))
            return
        if outcome.modal is not None:
            ack()
            slack.open_modal(trigger_id=body["trigger_id"], view=outcome.modal)
            return
        _reply(ack, outcome.reply or messages.notice("Done."))
        if outcome.send_checkin is not None:
            delivery = CheckinDelivery(db=deps.db, slack=slack, library=deps.library)
            delivery.send_now(outcome.send_checkin, deps.clock())
        if outcome.changed:
            after_change(deps, slack, actor, enrolled=outcome.enrolled)


@dataclass(frozen=True)
class _Outcome:
    """What a subcommand produced: a reply, or a modal to open, and whether data changed."""

    reply: Message | None = None
    modal: View | None = None
    changed: bool = False
    enrolled: bool = False
    send_checkin: int | None = None


def _reply(ack: Ack, message: Message) -> None:
    ack(text=message.text, blocks=message.blocks, response_type="ephemeral")


def _run(command: Command, session: Session, actor: Actor, deps: Deps) -> _Outcome:
    now = deps.clock()
    member = members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
    today = now.astimezone(members.zone(member)).date()
    scope = {"team_id": actor.team_id, "user_id": actor.user_id}
    if isinstance(command, Help):
        return _Outcome(messages.help_message())
    if isinstance(command, Setup):
        return _Outcome(modal=modals.setup_modal(member))
    if isinstance(command, ListItems):
        return _Outcome(messages.list_message(campaign.list_items(session, **scope), today=today))
    if isinstance(command, AddItem):
        if command.text is None:
            return _Outcome(modal=modals.item_modal())
        fields = ItemFields(command.text, command.asked_by, command.area, command.due)
        item = campaign.add_item(session, fields=fields, now=now, **scope)
        reply = messages.item_added(item, today=today, welcome=_welcome(member, item.member))
        return _Outcome(reply, changed=True, enrolled=member is None)
    if isinstance(command, Schedule | CheckinCommand):
        return _run_checkin_command(command, session, actor, deps, member)
    assert isinstance(command, ItemCommand)
    item = campaign.get_item(session, number=command.number, **scope)
    if command.verb == "show":
        return _Outcome(messages.item_message(item, today=today))
    if command.verb == "edit":
        return _Outcome(modal=modals.item_modal(item))
    if command.verb == "remove":
        return _Outcome(messages.remove_confirmation(item, today=today))
    if command.verb == "done":
        campaign.complete_item(session, item=item, evidence=command.text, now=now)
        suffix = " with your evidence" if command.text else ""
        text = f"Nice work! #{item.number} is done{suffix}. {_progress(session, actor)}"
    elif command.verb == "undo":
        campaign.reopen_item(session, item=item)
        text = f"#{item.number} is open again."
    else:
        campaign.add_note(session, item=item, text=command.text, now=now)
        text = f"Evidence saved on #{item.number}. `/mgr-goal show {item.number}` lists it all."
    return _Outcome(messages.notice(text), changed=True)


def _welcome(before: Member | None, member: Member) -> str | None:
    """The welcome line for a new member: says when their first check-in comes."""
    if before is not None:
        return None
    # Said in the member's own terms: their Slack time zone is fetched after this reply.
    day = WEEKDAY_NAMES[member.checkin_weekday]
    at = member.checkin_time.strftime("%H:%M")
    return f"Your first weekly check-in comes on {day} at {at}, your time."


def next_checkin_text(member: Member) -> str:
    if member.paused or member.next_checkin_at is None:
        return "when you `/mgr-goal resume` check-ins"
    zone = members.zone(member)
    when = checkin_blocks.local_when(member.next_checkin_at, zone)
    return f"{when} ({escape(member.timezone)})"


def _run_checkin_command(
    command: Schedule | CheckinCommand,
    session: Session,
    actor: Actor,
    deps: Deps,
    member: Member | None,
) -> _Outcome:
    now = deps.clock()
    if isinstance(command, CheckinCommand) and command.verb in ("pause", "resume"):
        if member is None:
            raise UserError("You have no check-ins yet. Start with `/mgr-goal setup`.")
        if command.verb == "pause":
            checkins.pause(session, member=member)
            text = "Check-ins paused. Your list stays as it is; `/mgr-goal resume` restarts them."
        else:
            checkins.resume(session, member=member, now=now)
            text = f"Check-ins are back on. The next one comes {next_checkin_text(member)}."
        return _Outcome(messages.notice(text), changed=True)
    enrolled = member is None
    member = member or members.enroll(
        session, team_id=actor.team_id, user_id=actor.user_id, now=now
    )
    if isinstance(command, Schedule):
        checkins.set_schedule(
            session, member=member, weekday=command.weekday, at=command.at, now=now
        )
        day = WEEKDAY_NAMES[command.weekday]
        text = (
            f"Your check-in is now every {day} at {command.at.strftime('%H:%M')} your time. "
            f"Next one: {next_checkin_text(member)}."
        )
        return _Outcome(messages.notice(text), changed=True, enrolled=enrolled)
    row = checkins.checkin_now(session, member=member, now=now, library=deps.library)
    text = "This week's check-in is on its way to your DMs with me (the *Messages* tab)."
    return _Outcome(messages.notice(text), changed=True, enrolled=enrolled, send_checkin=row.id)


def _progress(session: Session, actor: Actor) -> str:
    items = campaign.list_items(session, team_id=actor.team_id, user_id=actor.user_id)
    done = sum(1 for i in items if i.status == "done")
    return f"{done} of {len(items)} done."
