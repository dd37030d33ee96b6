"""Testimonial requests: asking from a win's menu, and the colleague's answers."""

from __future__ import annotations

from slack_bolt import App

from bot.domain.commands import AskBlurb
from bot.services import blurb_asks, blurbs
from bot.slack import ids
from bot.slack.blocks import blurbs as blurb_blocks
from bot.slack.blocks.modals import notice_modal
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home
from bot.slack.payloads import Submission
from bot.slack.presses import Press, on_press
from bot.slack.submissions import Modal, inline_errors, on_submit


def ask_submitted(modal: Modal) -> None:
    """Checked in this modal's claim (a repeat is told apart there), then "Asking…", then asked."""
    text = blurb_asks.ask_blurb(
        db=modal.deps.db,
        messenger=modal.messenger,
        checked_in=modal.once(),
        acked=lambda: modal.update(notice_modal(blurb_blocks.ASKING)),
        wanted=_wanted(modal.form),
        win_id=modal.form.metadata_id("win_id"),
        now=modal.now,
        **modal.scope,
    )
    modal.messenger.update_view(view_id=modal.form.view_id, view=notice_modal(text))
    modal.refresh_home()


def _wanted(form: Submission) -> AskBlurb:
    colleague = form.optional(ids.BLURB_COLLEAGUE_BLOCK) or ""
    return AskBlurb(colleague, form.text(ids.BLURB_ABOUT_BLOCK))


def write_clicked(press: Press) -> None:
    with press.session() as session:
        request = blurbs.request_for_colleague(
            session, request_id=press.payload.target_id, now=press.now, **press.scope
        )
        view = blurb_blocks.write_modal(request)
    press.open_modal(view)


def not_now(press: Press) -> None:
    with press.session() as session:
        request = blurbs.decline(
            session, request_id=press.payload.target_id, now=press.now, **press.scope
        )
        closed = blurb_blocks.request_declined(request, cooldown_days=blurbs.NOT_NOW_COOLDOWN_DAYS)
    press.replace(closed)


def never(press: Press) -> None:
    with press.session() as session:
        blurbs.opt_out(session, now=press.now, **press.scope)
    press.replace(blurb_blocks.opted_out_notice())


def blurb_written(modal: Modal) -> None:
    """Store the blurb, hand it to whoever asked, and show it on their Home tab."""
    form = modal.form
    request = modal.save(
        lambda s: blurbs.write_blurb(
            s,
            request_id=form.metadata_id("request_id"),
            text=form.text(ids.BLURB_TEXT_BLOCK),
            may_share=ids.SHARE_OPTION in form.choices(ids.BLURB_SHARE_BLOCK),
            now=modal.now,
            **modal.scope,
        )
    )
    blurb_asks.hand_over(messenger=modal.messenger, request=request)
    requester = Actor(team_id=request.member.team_id, user_id=request.member.user_id)
    refresh_home(modal.deps, modal.messenger, requester)


def register(app: App) -> None:
    ask_form = inline_errors(ids.BLURB_ASK_FIELDS, fallback=ids.BLURB_COLLEAGUE_BLOCK)
    on_submit(app, ask_submitted, ids.BLURB_ASK_MODAL, refuse=ask_form)
    on_press(app, write_clicked, ids.BLURB_WRITE)
    on_press(app, not_now, ids.BLURB_NOT_NOW)
    on_press(app, never, ids.BLURB_NEVER)
    written_form = inline_errors({}, fallback=ids.BLURB_TEXT_BLOCK)
    on_submit(app, blurb_written, ids.BLURB_WRITE_MODAL, refuse=written_form)
