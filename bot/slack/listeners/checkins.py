"""The weekly check-in DM's buttons, the pause question and the "Did it" modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.services.checkins import answers
from bot.services.checkins import messages as checkin_messages
from bot.services.errors import UserError
from bot.slack import ids
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.blocks.messages import notice
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import refresh_home
from bot.slack.payloads import ActionPayload, Submission, parse_id
from bot.slack.submissions import once, view_submission


def _refuse(respond: Respond, exc: UserError) -> None:
    respond_with(respond, notice(refusal_text(exc)), replace_original=False)


def answer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    """Swap, Snooze, Skip or a pulse: change the check-in, re-render the DM in place."""
    ack()
    payload = ActionPayload.of(body, action)
    chosen = ids.CHECKIN_ANSWERS[payload.action_id]
    try:
        checkin_messages.press(
            db=deps.db,
            messenger=messenger,
            team_id=actor.team_id,
            user_id=actor.user_id,
            checkin_id=payload.target_id,
            answer=chosen,
            library=deps.library,
            now=deps.clock(),
        )
    except UserError as exc:
        _refuse(respond, exc)
        return
    if (note := checkin_blocks.answer_note(chosen)) is not None:
        respond_with(respond, note, replace_original=False)
    refresh_home(deps, messenger, actor)


def pause_answer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    """Keep them coming, or Pause check-ins: the answer replaces the question."""
    ack()
    payload = ActionPayload.of(body, action)
    keep_going = payload.action_id == ids.PAUSE_KEEP_GOING
    try:
        with deps.db.session() as session:
            checkin = answers.checkin_for_answer(
                session, team_id=actor.team_id, user_id=actor.user_id, checkin_id=payload.target_id
            )
            upcoming = answers.answer_pause_prompt(
                session, checkin=checkin, keep_going=keep_going, now=deps.clock()
            )
    except UserError as exc:
        _refuse(respond, exc)
        return
    message = checkin_blocks.pause_answered_message(
        keep_going=keep_going, next_checkin=upcoming.at, zone=upcoming.zone
    )
    respond_with(respond, message, replace_original=True)
    refresh_home(deps, messenger, actor)


def did_it(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    """Open the Did it modal for the check-in waiting for its answer."""
    ack()
    payload = ActionPayload.of(body, action)
    try:
        with deps.db.session() as session:
            form = answers.did_it_form(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                checkin_id=payload.target_id,
                library=deps.library,
            )
            view = checkin_blocks.did_it_modal(form.checkin, form.move, form.open_items)
    except UserError as exc:
        _refuse(respond, exc)
        return
    messenger.open_modal(trigger_id=payload.trigger_id, view=view)


def did_it_submitted(
    ack: Ack, view: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    """Log the week's move as done (and as a win), then re-render the check-in."""
    form = Submission.of(view)
    item = form.optional(ids.ITEM_BLOCK)
    try:
        with once(deps, actor, view) as session:
            checkin_id = answers.did_it_for(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                checkin_id=form.metadata_id("checkin_id"),
                outcome=form.text(ids.OUTCOME_BLOCK),
                item_id=parse_id(item) if item else None,
                evidence=form.text(ids.EVIDENCE_BLOCK),
                share=ids.SHARE_OPTION in form.choices(ids.WIN_SHARE_BLOCK),
                library=deps.library,
                now=deps.clock(),
            )
    except UserError as exc:
        ack(response_action="errors", errors={ids.OUTCOME_BLOCK: str(exc)})
        return
    ack()
    checkin_messages.refresh(
        db=deps.db,
        messenger=messenger,
        checkin_id=checkin_id,
        library=deps.library,
        now=deps.clock(),
    )
    refresh_home(deps, messenger, actor)


def register(app: App) -> None:
    for action_id in ids.CHECKIN_ANSWERS:
        app.action(action_id)(answer)
    app.action(ids.PAUSE_KEEP_GOING)(pause_answer)
    app.action(ids.PAUSE_STOP)(pause_answer)
    app.action(ids.CHECKIN_DID_IT)(did_it)
    view_submission(app, ids.DID_IT_MODAL)(did_it_submitted)
