"""Testimonial requests: asking (command or a win's menu), and the colleague's answers."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.slack_text import escape, is_user_id
from bot.models import BLURB_ABOUT_MAX, BlurbRequest
from bot.services import blurbs
from bot.services.errors import UserError
from bot.slack import ids
from bot.slack.blocks import wins as win_blocks
from bot.slack.blocks.format import mention
from bot.slack.blocks.messages import notice
from bot.slack.blocks.modals import notice_modal, read_metadata
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient, respond_with
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import block_value, refresh_home
from bot.slack.submissions import once, view_submission

log = logging.getLogger(__name__)


def _id(value: object) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 10 else -1


def precheck(
    deps: Deps,
    actor: Actor,
    *,
    colleague_id: str,
    about: str,
    view: dict[str, Any] | None = None,
) -> None:
    """The guard rails the database can answer, fast enough to run before the ack.

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
    """Check the colleague with Slack, store the request, DM them; returns the reply to show.

    Runs after the ack. A DM that can't be delivered leaves no open request behind.
    """
    try:
        profile = slack.user_profile(user_id=colleague_id)
    except (SlackApiError, SlackClientError, OSError) as exc:
        log.warning("users.info for %s failed: %s", colleague_id, exc)
        raise UserError(
            "I couldn't check that person with Slack just now, so I didn't send the request. "
            "Try again in a minute."
        ) from None
    colleague = (
        blurbs.Colleague(
            user_id=colleague_id,
            is_bot=bool(profile.get("is_bot")) or colleague_id == "USLACKBOT",
            deleted=bool(profile.get("deleted")),
        )
        if profile is not None
        else None
    )
    with deps.db.session() as session:
        request = blurbs.create_request(
            session,
            team_id=actor.team_id,
            user_id=actor.user_id,
            colleague=colleague,
            about=about,
            win_id=win_id,
            now=deps.clock(),
        )
        message = win_blocks.blurb_request_message(request, requester=actor.user_id)
        request_id, about_text = request.id, request.about
    try:
        channel, ts = slack.post_dm(user_id=colleague_id, message=message)
    except (SlackApiError, SlackClientError, OSError) as exc:
        log.warning("blurb request DM to %s failed: %s", colleague_id, exc)
        with deps.db.session() as session:
            blurbs.mark_unsent(session, request_id=request_id)
        raise UserError(
            "I couldn't DM them just now, so I didn't send the request. Try again in a bit."
        ) from None
    with deps.db.session() as session:
        blurbs.mark_delivered(session, request_id=request_id, channel=channel, ts=ts)
    return (
        f"I've asked {mention(colleague_id)} for a blurb about *{escape(about_text)}*. "
        "I'll DM you when it arrives; the request expires in 14 days."
    )


def register(app: App, deps: Deps) -> None:
    @view_submission(app, ids.BLURB_ASK_MODAL)
    def ask_submitted(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        actor = Actor.of(context)
        colleague_id = str(block_value(view, ids.BLURB_COLLEAGUE_BLOCK, ids.INPUT) or "")
        about = str(block_value(view, ids.BLURB_ABOUT_BLOCK, ids.INPUT) or "")
        win_id = read_metadata(view).get("win_id")
        if not is_user_id(colleague_id):
            ack(response_action="errors", errors={ids.BLURB_COLLEAGUE_BLOCK: "Pick a person."})
            return
        try:
            precheck(deps, actor, colleague_id=colleague_id, about=about, view=view)
        except UserError as exc:
            # The text is checked first, so a good text means the person was the problem.
            bad_about = not about.strip() or len(about.strip()) > BLURB_ABOUT_MAX
            block = ids.BLURB_ABOUT_BLOCK if bad_about else ids.BLURB_COLLEAGUE_BLOCK
            ack(response_action="errors", errors={block: str(exc)})
            return
        ack(response_action="update", view=notice_modal("Asking…").to_dict())
        slack = SlackClient(client)
        try:
            text = ask(
                deps,
                slack,
                actor,
                colleague_id=colleague_id,
                about=about,
                win_id=win_id if isinstance(win_id, int) else None,
            )
        except UserError as exc:
            text = refusal_text(exc)
        slack.update_view(
            view_id=str((body.get("view") or {}).get("id", "")), view=notice_modal(text)
        )
        refresh_home(deps, slack, actor)

    def answer(
        action: dict[str, Any], context: BoltContext, respond: Respond
    ) -> tuple[Actor, BlurbRequest] | None:
        actor = Actor.of(context)
        try:
            with deps.db.session() as session:
                request = blurbs.request_for_colleague(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    request_id=_id(action.get("value")),
                    now=deps.clock(),
                )
                return actor, request
        except UserError as exc:
            respond_with(respond, notice(escape(str(exc))), replace_original=False)
            return None

    @app.action(ids.BLURB_WRITE)
    def write_clicked(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        found = answer(action, context, respond)
        if found is None:
            return
        _, request = found
        view = win_blocks.blurb_write_modal(request, requester=request.member.user_id)
        SlackClient(client).open_modal(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.BLURB_NOT_NOW)
    def not_now(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        found = answer(action, context, respond)
        if found is None:
            return
        _, request = found
        try:
            with deps.db.session() as session:
                blurbs.decline(session, request=request, now=deps.clock())
        except UserError as exc:
            respond_with(respond, notice(escape(str(exc))), replace_original=False)
            return
        closed = win_blocks.blurb_request_closed(
            request,
            requester=request.member.user_id,
            outcome="No problem: I've closed this request and they won't be told why. They "
            f"can't ask you again for {blurbs.NOT_NOW_COOLDOWN_DAYS} days.",
        )
        respond_with(respond, closed, replace_original=True)

    @app.action(ids.BLURB_NEVER)
    def never(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        actor = Actor.of(context)
        with deps.db.session() as session:
            blurbs.opt_out(session, team_id=actor.team_id, user_id=actor.user_id, now=deps.clock())
        text = (
            "Got it: nobody can send you blurb requests through mgr-goal any more, and your "
            "open ones are closed. Changed your mind? `/mgr-goal blurbs on` lets people ask again."
        )
        respond_with(respond, notice(text), replace_original=True)

    @view_submission(app, ids.BLURB_WRITE_MODAL)
    def blurb_written(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        shared = block_value(view, ids.BLURB_SHARE_BLOCK, ids.INPUT) or []
        try:
            with once(deps, actor, view) as session:
                request = blurbs.request_for_colleague(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    request_id=_id(read_metadata(view).get("request_id")),
                    now=deps.clock(),
                )
                blurbs.write_blurb(
                    session,
                    request=request,
                    text=str(block_value(view, ids.BLURB_TEXT_BLOCK, ids.INPUT) or ""),
                    may_share=ids.SHARE_OPTION in shared,
                    now=deps.clock(),
                )
                requester = Actor(team_id=request.member.team_id, user_id=request.member.user_id)
                received = win_blocks.blurb_received_message(request)
                closed = win_blocks.blurb_request_closed(
                    request,
                    requester=requester.user_id,
                    outcome=":white_check_mark: Thank you! Your blurb is on its way to them.",
                )
                channel, ts = request.channel, request.ts
        except UserError as exc:
            ack(response_action="errors", errors={ids.BLURB_TEXT_BLOCK: str(exc)})
            return
        ack()
        slack = SlackClient(client)
        if channel and ts:
            try:
                slack.update_message(channel=channel, ts=ts, message=closed)
            except SlackApiError as exc:
                log.warning("could not update the blurb request DM: %s", exc)
        try:
            slack.post_dm(user_id=requester.user_id, message=received)
        except (SlackApiError, SlackClientError, OSError) as exc:
            # The blurb is stored and on their Home tab; only the heads-up DM is lost.
            log.warning("blurb arrival DM to %s failed: %s", requester.user_id, exc)
        refresh_home(deps, slack, requester)
