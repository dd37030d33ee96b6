"""Testimonial requests: asking from a win's menu, and the colleague's answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App, Respond

from bot.services import blurb_asks, blurbs
from bot.services.errors import FieldErrors, UserError
from bot.slack import ids
from bot.slack.blocks import blurbs as blurb_blocks
from bot.slack.blocks.messages import notice
from bot.slack.blocks.modals import notice_modal
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.forms import inline
from bot.slack.home_tab import refresh_home
from bot.slack.payloads import ActionPayload, Submission
from bot.slack.submissions import once, view_submission

# A payload as Bolt hands it over; read it through bot.slack.payloads.
Json = dict[str, Any]


def precheck(
    deps: Deps, actor: Actor, *, colleague_id: str, about: str, view: Json | None = None
) -> None:
    """`blurbs.check_request` before the ack; raises FieldErrors ("colleague" or "about").

    From the ask modal, passing them also claims the `view`: the modal turns into "Asking…"
    at once, so this is the last point where a repeated submission can be told apart.
    """
    with deps.db.session() if view is None else once(deps, actor, view) as session:
        blurbs.check_request(
            session,
            team_id=actor.team_id,
            user_id=actor.user_id,
            colleague_user_id=colleague_id,
            about=about,
            now=deps.clock(),
        )


def ask(
    deps: Deps,
    slack: SlackClient,
    actor: Actor,
    *,
    colleague_id: str,
    about: str,
    win_id: int | None,
) -> str:
    """`blurb_asks.ask` after the ack; returns the reply to show, raises UserError.

    With `precheck`, also what the `/mgr-goal blurb` subcommand calls.
    """
    asked = blurb_asks.ask(
        db=deps.db,
        messenger=slack,
        team_id=actor.team_id,
        user_id=actor.user_id,
        colleague_user_id=colleague_id,
        about=about,
        win_id=win_id,
        now=deps.clock(),
    )
    return blurb_blocks.asked_text(colleague_user_id=asked.colleague_user_id, about=asked.about)


def ask_submitted(ack: Ack, view: Json, deps: Deps, actor: Actor, messenger: SlackClient) -> None:
    form = Submission.of(view)
    colleague_id = form.optional(ids.BLURB_COLLEAGUE_BLOCK) or ""
    about = form.text(ids.BLURB_ABOUT_BLOCK)
    try:
        precheck(deps, actor, colleague_id=colleague_id, about=about, view=view)
    except FieldErrors as exc:
        errors = inline(exc, ids.BLURB_ASK_FIELDS, fallback=ids.BLURB_COLLEAGUE_BLOCK)
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=notice_modal(blurb_blocks.ASKING).to_dict())
    win_id = form.metadata_id("win_id")
    try:
        text = ask(deps, messenger, actor, colleague_id=colleague_id, about=about, win_id=win_id)
    except UserError as exc:
        text = refusal_text(exc)
    messenger.update_view(view_id=form.view_id, view=notice_modal(text))
    refresh_home(deps, messenger, actor)


Answered = TypeVar("Answered")


def _answer(
    answer: Callable[..., Answered],
    payload: ActionPayload,
    respond: Respond,
    deps: Deps,
    actor: Actor,
) -> Answered | None:
    """Run `answer` (a blurbs service taking the request a button names) in one transaction;
    None, after saying why beside the DM, when the request is closed or wasn't sent to them."""
    try:
        with deps.db.session() as session:
            return answer(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                request_id=payload.target_id,
                now=deps.clock(),
            )
    except UserError as exc:
        respond_with(respond, notice(refusal_text(exc)), replace_original=False)
        return None


def write_clicked(
    ack: Ack,
    body: Json,
    action: Json,
    respond: Respond,
    deps: Deps,
    actor: Actor,
    messenger: SlackClient,
) -> None:
    ack()
    payload = ActionPayload.of(body, action)
    request = _answer(blurbs.request_for_colleague, payload, respond, deps, actor)
    if request is not None:
        messenger.open_modal(trigger_id=payload.trigger_id, view=blurb_blocks.write_modal(request))


def not_now(ack: Ack, body: Json, action: Json, respond: Respond, deps: Deps, actor: Actor) -> None:
    ack()
    request = _answer(blurbs.decline, ActionPayload.of(body, action), respond, deps, actor)
    if request is not None:
        closed = blurb_blocks.request_declined(request, cooldown_days=blurbs.NOT_NOW_COOLDOWN_DAYS)
        respond_with(respond, closed, replace_original=True)


def never(ack: Ack, respond: Respond, deps: Deps, actor: Actor) -> None:
    ack()
    with deps.db.session() as session:
        blurbs.opt_out(session, team_id=actor.team_id, user_id=actor.user_id, now=deps.clock())
    respond_with(respond, blurb_blocks.opted_out_notice(), replace_original=True)


def blurb_written(ack: Ack, view: Json, deps: Deps, actor: Actor, messenger: SlackClient) -> None:
    form = Submission.of(view)
    try:
        with once(deps, actor, view) as session:
            request = blurbs.write_blurb(
                session,
                team_id=actor.team_id,
                user_id=actor.user_id,
                request_id=form.metadata_id("request_id"),
                text=form.text(ids.BLURB_TEXT_BLOCK),
                may_share=ids.SHARE_OPTION in form.choices(ids.BLURB_SHARE_BLOCK),
                now=deps.clock(),
            )
    except UserError as exc:
        ack(response_action="errors", errors={ids.BLURB_TEXT_BLOCK: str(exc)})
        return
    ack()
    blurb_asks.hand_over(messenger=messenger, request=request)
    requester = Actor(team_id=request.member.team_id, user_id=request.member.user_id)
    refresh_home(deps, messenger, requester)


def register(app: App) -> None:
    view_submission(app, ids.BLURB_ASK_MODAL)(ask_submitted)
    app.action(ids.BLURB_WRITE)(write_clicked)
    app.action(ids.BLURB_NOT_NOW)(not_now)
    app.action(ids.BLURB_NEVER)(never)
    view_submission(app, ids.BLURB_WRITE_MODAL)(blurb_written)
