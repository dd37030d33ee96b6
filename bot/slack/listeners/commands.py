"""`/mgr-goal`: parse, call one service, reply in the ack body (works in any channel)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.domain.commands import (
    AddItem,
    AskBlurb,
    BlurbRequests,
    CheckinCommand,
    Command,
    CommandError,
    DigestCommand,
    Help,
    ItemCommand,
    ListItems,
    ListWins,
    LogWin,
    Schedule,
    Setup,
    TeamChannel,
    parse,
)
from bot.domain.slack_text import escape
from bot.jobs.checkins import CheckinDelivery
from bot.models import Member
from bot.services import blurbs as blurb_service
from bot.services import campaign, checkins, digests, members, wins
from bot.services.campaign import ItemFields
from bot.services.errors import UserError
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks import messages, modals
from bot.slack.blocks import wins as win_blocks
from bot.slack.blocks.format import WEEKDAY_NAMES, short_date
from bot.slack.blocks.messages import Message
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient, reply, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import after_change
from bot.slack.listeners import blurbs
from bot.slack.listeners.digest import run_digest_command
from bot.slack.listeners.wins import win_modal_for

log = logging.getLogger(__name__)

COMMAND = "/mgr-goal"


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def handle_command(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
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
                if isinstance(command, AskBlurb):
                    blurbs.precheck(
                        deps, actor, colleague_id=command.colleague, about=command.about
                    )
                    # Asking enrols a new member, who then needs their Slack time zone.
                    new_member = (
                        members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
                        is None
                    )
                    outcome = None
                elif isinstance(command, DigestCommand):
                    outcome = None
                else:
                    outcome = _run(command, session, actor, deps)
        except (CommandError, UserError) as exc:
            reply(ack, messages.notice(refusal_text(exc)))
            return
        if isinstance(command, DigestCommand):
            channel_id = str(body.get("channel_id") or "")
            run_digest_command(
                command,
                channel_id=channel_id,
                actor=actor,
                ack=ack,
                respond=respond,
                slack=slack,
                deps=deps,
            )
            return
        if isinstance(command, AskBlurb):
            ack()
            try:
                text = blurbs.ask(
                    deps,
                    slack,
                    actor,
                    colleague_id=command.colleague,
                    about=command.about,
                    win_id=None,
                )
            except UserError as exc:
                text = refusal_text(exc)
            respond_with(respond, messages.notice(text), replace_original=False)
            after_change(deps, slack, actor, enrolled=new_member)
            return
        assert outcome is not None
        if outcome.modal is not None:
            ack()
            slack.open_modal(trigger_id=body["trigger_id"], view=outcome.modal)
            return
        reply(ack, outcome.reply or messages.notice("Done."))
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
    if isinstance(command, LogWin | ListWins | TeamChannel):
        return _run_win_command(command, session, actor, deps, member)
    if isinstance(command, BlurbRequests):
        return _Outcome(messages.notice(_set_blurb_requests(command, session, actor, now)))
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


def _run_win_command(
    command: LogWin | ListWins | TeamChannel,
    session: Session,
    actor: Actor,
    deps: Deps,
    member: Member | None,
) -> _Outcome:
    now = deps.clock()
    scope = {"team_id": actor.team_id, "user_id": actor.user_id}
    if isinstance(command, ListWins):
        recent = wins.recent_wins(session, member=member, limit=20)
        numbers = _item_numbers(session, actor)
        return _Outcome(
            win_blocks.wins_message(
                [(w, numbers.get(w.item_id) if w.item_id else None) for w in recent],
                total=wins.count_wins(session, member=member),
            )
        )
    if isinstance(command, TeamChannel):
        if command.channel_id is None and not command.clear:
            current = member.team_channel_id if member else None
            if current is None:
                text = "You have no team channel yet. " + TEAM_HINT
            elif digests.is_on(session, team_id=actor.team_id, channel_id=current):
                text = (
                    f"Your team channel is <#{current}>: wins you share go into its weekly digest."
                )
            else:
                text = (
                    f"Your team channel is <#{current}>. It has no weekly digest on, so nobody "
                    "else sees your shared wins until someone there runs `/mgr-goal digest on`."
                )
            return _Outcome(messages.notice(text))
        updated = wins.set_team_channel(session, channel_id=command.channel_id, now=now, **scope)
        if command.channel_id is None:
            text = "You have no team channel now; shared wins stay out of every digest."
        else:
            upcoming = digests.preview(
                session, team_id=actor.team_id, channel_id=command.channel_id, now=now
            )
            # Shared wins follow the member's current team channel, so already-shared ones can
            # show up in the new channel's digest: say which, and how to take one back.
            text = f"Your team channel is now <#{command.channel_id}>. " + (
                "Its weekly digest is on, so wins you share will show up there, and so will "
                "wins you already shared since "
                f"{short_date(upcoming.since.astimezone(upcoming.zone).date())}."
                if upcoming
                else "Its weekly digest isn't on yet: anyone there can start it with "
                "`/mgr-goal digest on`; its first digest covers wins shared in the 7 days "
                "before it, including wins you already shared."
            )
            text += " Unshare any that aren't for this channel from your Home tab."
        return _Outcome(
            messages.notice(text), changed=True, enrolled=member is None and updated is not None
        )
    if command.text is None:
        return _Outcome(modal=win_modal_for(deps, actor))
    win = wins.log_win(
        session,
        text=command.text,
        area=command.area,
        item_number=command.item_number,
        share=command.share,
        now=now,
        **scope,
    )
    team_channel = win.member.team_channel_id
    reply = win_blocks.win_logged(
        win,
        item_number=command.item_number,
        team_channel=team_channel,
        digest_on=team_channel is not None
        and digests.is_on(session, team_id=actor.team_id, channel_id=team_channel),
    )
    return _Outcome(reply, changed=True, enrolled=member is None)


TEAM_HINT = "Pick one with `/mgr-goal team #your-team` (or in `/mgr-goal setup`)."


def _set_blurb_requests(
    command: BlurbRequests, session: Session, actor: Actor, now: dt.datetime
) -> str:
    """Anyone may switch requests to themselves on or off, member or not: it stores no member."""
    scope = {"team_id": actor.team_id, "user_id": actor.user_id}
    if command.accept:
        if blurb_service.opt_in(session, **scope):
            return "People can ask you for blurbs again. `/mgr-goal blurbs off` stops them."
        return "People can already ask you for blurbs. `/mgr-goal blurbs off` stops them."
    if blurb_service.opted_out(session, **scope):
        return "Blurb requests to you are already off. `/mgr-goal blurbs on` turns them back on."
    closed = blurb_service.opt_out(session, now=now, **scope)
    text = "Done: nobody can send you blurb requests through mgr-goal any more"
    text += f", and I closed the {closed} open one{'s' if closed != 1 else ''}." if closed else "."
    return text + " `/mgr-goal blurbs on` turns them back on."


def _item_numbers(session: Session, actor: Actor) -> dict[int, int]:
    items = campaign.list_items(session, team_id=actor.team_id, user_id=actor.user_id)
    return {i.id: i.number for i in items}


def _progress(session: Session, actor: Actor) -> str:
    items = campaign.list_items(session, team_id=actor.team_id, user_id=actor.user_id)
    done = sum(1 for i in items if i.status == "done")
    return f"{done} of {len(items)} done."
