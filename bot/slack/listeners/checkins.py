"""The weekly check-in DM's buttons, the pause question and the "Did it" modal."""

from __future__ import annotations

from slack_bolt import App

from bot.services.checkins import answers
from bot.services.checkins import messages as checkin_messages
from bot.slack import ids
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.payloads import Submission
from bot.slack.presses import Press, on_press
from bot.slack.submissions import Modal, inline_errors, on_submit


def answer(press: Press) -> None:
    """Swap, Snooze, Skip or a pulse: change the check-in, re-render the DM in place."""
    chosen = ids.CHECKIN_ANSWERS[press.payload.action_id]
    checkin_messages.press(
        db=press.deps.db,
        messenger=press.messenger,
        checkin_id=press.payload.target_id,
        answer=chosen,
        library=press.deps.library,
        now=press.now,
        **press.scope,
    )
    if (note := checkin_blocks.answer_note(chosen)) is not None:
        press.beside(note)
    press.refresh_home()


def pause_answer(press: Press) -> None:
    """Keep them coming, or Pause check-ins: the answer replaces the question."""
    keep_going = press.payload.action_id == ids.PAUSE_KEEP_GOING
    with press.session() as session:
        upcoming = answers.answer_pause(
            session,
            checkin_id=press.payload.target_id,
            keep_going=keep_going,
            now=press.now,
            **press.scope,
        )
    message = checkin_blocks.pause_answered_message(
        keep_going=keep_going, next_checkin=upcoming.at, zone=upcoming.zone
    )
    press.replace(message)
    press.refresh_home()


def did_it(press: Press) -> None:
    """Open the Did it modal for the check-in waiting for its answer."""
    with press.session() as session:
        form = answers.did_it_form(
            session, checkin_id=press.payload.target_id, library=press.deps.library, **press.scope
        )
        view = checkin_blocks.did_it_modal(form.checkin, form.move, form.open_items)
    press.open_modal(view)


def did_it_submitted(modal: Modal) -> None:
    """Log the week's move as done (and as a win), then re-render the check-in."""
    did, deps = _did_it(modal.form), modal.deps
    modal.save(
        lambda s: answers.did_it_for(s, did=did, library=deps.library, now=modal.now, **modal.scope)
    )
    checkin_messages.refresh(
        db=deps.db,
        messenger=modal.messenger,
        checkin_id=did.checkin_id,
        library=deps.library,
        now=modal.now,
    )
    modal.refresh_home()


def _did_it(form: Submission) -> answers.DidIt:
    return answers.DidIt(
        checkin_id=form.metadata_id("checkin_id"),
        outcome=form.text(ids.OUTCOME_BLOCK),
        item_id=form.chosen_id(ids.ITEM_BLOCK),
        evidence=form.text(ids.EVIDENCE_BLOCK),
        share=ids.SHARE_OPTION in form.choices(ids.WIN_SHARE_BLOCK),
    )


def register(app: App) -> None:
    on_press(app, answer, *ids.CHECKIN_ANSWERS)
    on_press(app, pause_answer, ids.PAUSE_KEEP_GOING, ids.PAUSE_STOP)
    on_press(app, did_it, ids.CHECKIN_DID_IT)
    did_it_form = inline_errors(ids.DID_IT_FIELDS, fallback=ids.OUTCOME_BLOCK)
    on_submit(app, did_it_submitted, ids.DID_IT_MODAL, refuse=did_it_form)
