"""The weekly check-in DM's buttons, the pause question and the "Did it" modal."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.slack_text import escape
from bot.jobs.checkins import CheckinDelivery
from bot.models import CheckIn
from bot.services import campaign, checkins
from bot.services.errors import UserError
from bot.slack import ids
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks.messages import notice
from bot.slack.blocks.modals import read_metadata
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import block_value, refresh_home
from bot.slack.submissions import once, view_submission

_PULSE = re.compile(rf"^{ids.CHECKIN_PULSE}_(on_track|stretched|behind)$")
_PAUSE = re.compile(rf"^{ids.PAUSE_ANSWER}_(resume|pause)$")


def _checkin_id(value: object) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 10 else -1


def register(app: App, deps: Deps) -> None:
    def answer(
        ack: Ack,
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
        change: Callable[[Any, CheckIn], str | None],
    ) -> None:
        """Ack, apply `change` to the member's current check-in, re-render the DM in place."""
        ack()
        actor = Actor.of(context)
        slack = SlackClient(client)
        checkin_id = _checkin_id(action.get("value"))
        try:
            with deps.db.session() as session:
                checkin = checkins.checkin_for_answer(
                    session, team_id=actor.team_id, user_id=actor.user_id, checkin_id=checkin_id
                )
                note = change(session, checkin)
        except UserError as exc:
            respond_with(respond, notice(escape(str(exc))), replace_original=False)
            return
        delivery = CheckinDelivery(db=deps.db, slack=slack, library=deps.library)
        delivery.refresh_message(checkin_id, deps.clock())
        if note:
            respond_with(respond, notice(note), replace_original=False)
        refresh_home(deps, slack, actor)

    simple_answers: dict[str, Callable[[Any, CheckIn], object]] = {
        ids.CHECKIN_SWAP: lambda session, checkin: checkins.swap(
            session, checkin=checkin, now=deps.clock(), library=deps.library
        ),
        ids.CHECKIN_SNOOZE: lambda session, checkin: checkins.snooze(
            session, checkin=checkin, now=deps.clock()
        ),
        ids.CHECKIN_SKIP: lambda session, checkin: checkins.skip(
            session, checkin=checkin, now=deps.clock()
        ),
    }

    @app.action(re.compile("^(" + "|".join(simple_answers) + ")$"))
    def swap_snooze_or_skip(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        apply = simple_answers[str(action.get("action_id"))]

        def change(session: Any, checkin: CheckIn) -> None:
            apply(session, checkin)

        answer(ack, action, context, client, respond, change)

    @app.action(_PULSE)
    def pulse(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        match = _PULSE.match(str(action.get("action_id")))
        chosen = match.group(1) if match else ""

        def change(session: Any, checkin: CheckIn) -> str | None:
            checkins.record_pulse(session, checkin=checkin, pulse=chosen, now=deps.clock())
            if chosen == "behind":
                return (
                    "Thanks for saying so. Your core job comes first: next week's move "
                    "will be a small one."
                )
            return None

        answer(ack, action, context, client, respond, change)

    @app.action(_PAUSE)
    def pause_answer(
        ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        ack()
        actor = Actor.of(context)
        match = _PAUSE.match(str(action.get("action_id")))
        keep_going = bool(match and match.group(1) == "resume")
        try:
            with deps.db.session() as session:
                checkin = checkins.checkin_for_answer(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    checkin_id=_checkin_id(action.get("value")),
                )
                if checkin.kind != checkins.PAUSE_PROMPT or checkin.state == checkins.DONE:
                    raise UserError("You've already answered that.")
                checkins.answer_pause_prompt(
                    session, checkin=checkin, keep_going=keep_going, now=deps.clock()
                )
                member = checkin.member
                when = (
                    checkin_blocks.local_when(
                        member.next_checkin_at, checkin_blocks.zone_of(member)
                    )
                    if member.next_checkin_at
                    else None
                )
        except UserError as exc:
            respond_with(respond, notice(escape(str(exc))), replace_original=False)
            return
        message = checkin_blocks.pause_answered_message(keep_going=keep_going, next_checkin=when)
        respond_with(respond, message, replace_original=True)
        refresh_home(deps, SlackClient(client), actor)

    @app.action(ids.CHECKIN_DID_IT)
    def did_it(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        actor = Actor.of(context)
        try:
            with deps.db.session() as session:
                checkin = checkins.checkin_for_answer(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    checkin_id=_checkin_id(action.get("value")),
                )
                if checkin.state != checkins.SENT:
                    raise UserError("This week's check-in is already answered.")
                items = campaign.list_items(session, team_id=actor.team_id, user_id=actor.user_id)
                move = deps.move(checkin.move_id)
                if move is None:
                    raise UserError("That move is no longer in the library; try Swap.")
                view = checkin_blocks.did_it_modal(
                    checkin, move, [i for i in items if i.status == "open"]
                )
        except UserError as exc:
            respond_with(respond, notice(escape(str(exc))), replace_original=False)
            return
        SlackClient(client).open_modal(trigger_id=body["trigger_id"], view=view)

    @view_submission(app, ids.DID_IT_MODAL)
    def did_it_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        metadata = read_metadata(view)
        item_value = block_value(view, ids.ITEM_BLOCK, ids.INPUT)
        try:
            with once(deps, actor, view) as session:
                checkin = checkins.checkin_for_answer(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    checkin_id=_checkin_id(metadata.get("checkin_id")),
                )
                checkins.record_did_it(
                    session,
                    checkin=checkin,
                    outcome=block_value(view, ids.OUTCOME_BLOCK, ids.INPUT) or "",
                    item_id=_checkin_id(item_value) if item_value else None,
                    evidence=block_value(view, ids.EVIDENCE_BLOCK, ids.INPUT) or "",
                    area=move.area if (move := deps.move(checkin.move_id)) else None,
                    share=ids.SHARE_OPTION
                    in (block_value(view, ids.WIN_SHARE_BLOCK, ids.INPUT) or []),
                    now=deps.clock(),
                )
                checkin_id = checkin.id
        except UserError as exc:
            ack(response_action="errors", errors={ids.OUTCOME_BLOCK: str(exc)})
            return
        ack()
        slack = SlackClient(client)
        CheckinDelivery(db=deps.db, slack=slack, library=deps.library).refresh_message(
            checkin_id, deps.clock()
        )
        refresh_home(deps, slack, actor)
