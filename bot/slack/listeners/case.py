"""The last steps of the case (issue 13): the ready move's prep modal, the monthly confidence
question, the reflection modal and the kind offer to pause after three unsure reflections."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress

from slack_bolt import App

from bot.services import ready
from bot.services.checkins import answers, confidence, reflections
from bot.services.checkins import messages as checkin_messages
from bot.services.messenger import MessengerError
from bot.slack import ids
from bot.slack.blocks import case as case_blocks
from bot.slack.blocks import checkin as checkin_blocks
from bot.slack.payloads import Submission
from bot.slack.presses import Press, on_press
from bot.slack.submissions import Modal, inline_errors, on_submit


def prepare(press: Press) -> None:
    """ "Prepare the conversation": the presser's own prep, whatever check-in it came from."""
    with press.session() as session:
        prep = ready.prep_for(session, **press.scope)
    press.open_modal(case_blocks.ready_modal(prep))


def confidence_answer(press: Press) -> None:
    """Low, Okay or Strong on the member's own current check-in; the DM shows the answer."""
    level = ids.CONFIDENCE_ANSWERS[press.payload.action_id]
    with press.session() as session:
        confidence.record_confidence(
            session, checkin_id=press.payload.target_id, level=level, now=press.now, **press.scope
        )
    checkin_messages.refresh(
        db=press.deps.db,
        messenger=press.messenger,
        checkin_id=press.payload.target_id,
        library=press.deps.library,
        now=press.now,
    )
    if (note := checkin_blocks.confidence_note(level)) is not None:
        press.beside(note)


def reflect(press: Press) -> None:
    """Open the reflection modal for the member's own reflection check-in."""
    with press.session() as session:
        checkin = reflections.reflection_checkin(
            session, checkin_id=press.payload.target_id, library=press.deps.library, **press.scope
        )
        view = case_blocks.reflection_modal(checkin)
    press.open_modal(view)


def reflected(modal: Modal) -> None:
    """Store the reflection (the check-in is done, no win); after a third unsure one in a
    row, offer to pause, once."""
    form, deps = _reflection(modal.form), modal.deps
    stored = modal.save(
        lambda s: reflections.reflect_for(
            s, form=form, library=deps.library, now=modal.now, **modal.scope
        )
    )
    checkin_messages.refresh(
        db=deps.db,
        messenger=modal.messenger,
        checkin_id=stored.checkin_id,
        library=deps.library,
        now=modal.now,
    )
    modal.refresh_home()
    if stored.offer_pause:
        with suppress(MessengerError):  # the reflection is saved; the offer can wait
            modal.messenger.post_dm(
                user_id=modal.actor.user_id, message=case_blocks.pause_offer_message()
            )


def _reflection(form: Submission) -> reflections.ReflectionForm:
    return reflections.ReflectionForm(
        checkin_id=form.metadata_id("checkin_id"),
        still_want=form.optional(ids.STILL_WANT_BLOCK),
        energised=form.text(ids.ENERGISED_BLOCK),
        drained=form.text(ids.DRAINED_BLOCK),
    )


def pause_offer(press: Press) -> None:
    """The offer's answer replaces it: paused (the presser's own check-ins), or carry on."""
    if press.payload.action_id == ids.REFLECTION_KEEP_GOING:
        press.replace(case_blocks.keep_going_message())
        return
    with press.session() as session:
        answers.pause_checkins(session, **press.scope)
    press.replace(
        checkin_blocks.pause_answered_message(keep_going=False, next_checkin=None, zone=dt.UTC)
    )
    press.refresh_home()


def register(app: App) -> None:
    on_press(app, prepare, ids.READY_PREPARE)
    on_press(app, confidence_answer, *ids.CONFIDENCE_ANSWERS)
    on_press(app, reflect, ids.CHECKIN_REFLECT)
    on_submit(
        app,
        reflected,
        ids.REFLECTION_MODAL,
        refuse=inline_errors(ids.REFLECTION_FIELDS, fallback=ids.STILL_WANT_BLOCK),
    )
    on_press(app, pause_offer, ids.REFLECTION_PAUSE, ids.REFLECTION_KEEP_GOING)
