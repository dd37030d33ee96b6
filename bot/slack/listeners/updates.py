"""The monthly update: opened from the Home, from the check-in's update move, or by
`/mgr-goal update`; its submission stores it once and DMs each recipient."""

from __future__ import annotations

from slack_bolt import App

from bot.services import update_dms, updates
from bot.services.checkins import messages as checkin_messages
from bot.slack import ids
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home
from bot.slack.payloads import Submission
from bot.slack.presses import Press, on_press, refuse_in_modal
from bot.slack.submissions import Modal, inline_errors, on_submit


def pressed(press: Press) -> None:
    press.open_modal(
        updates.modal(db=press.deps.db, messenger=press.messenger, now=press.now, **press.scope)
    )


def _send(form: Submission) -> updates.Send:
    chosen = form.choices(ids.UPDATE_TO_BLOCK)
    for index in range(1, 4):
        chosen += form.choices(f"{ids.UPDATE_MORE_BLOCK}_{index}")
    return updates.Send(
        text=form.text(ids.UPDATE_TEXT_BLOCK),
        chosen=frozenset(chosen),
        to_self=ids.UPDATE_SELF_OPTION in form.choices(ids.UPDATE_SELF_BLOCK),
    )


def submitted(modal: Modal) -> None:
    """Stored once (a second Send finds the modal's claim and stops); then the DMs."""
    send = _send(modal.form)
    library = modal.deps.library
    stored = modal.save(
        lambda s: updates.store(s, send=send, now=modal.now, library=library, **modal.scope)
    )
    delivered = update_dms.deliver(
        db=modal.deps.db, messenger=modal.messenger, stored=stored, now=modal.now
    )
    update_dms.send_receipt(
        messenger=modal.messenger, member_user_id=stored.member_user_id, delivered=delivered
    )
    if stored.checkin_done is not None:
        checkin_messages.refresh(
            db=modal.deps.db,
            messenger=modal.messenger,
            checkin_id=stored.checkin_done,
            library=library,
            now=modal.now,
        )
    modal.refresh_home()
    for recipient in stored.recipients:
        if recipient.is_manager and recipient.user_id in delivered.sent:
            refresh_home(modal.deps, modal.messenger, Actor(modal.actor.team_id, recipient.user_id))


def register(app: App) -> None:
    on_press(app, pressed, ids.HOME_UPDATE, ids.CHECKIN_UPDATE, refuse=refuse_in_modal)
    on_submit(
        app,
        submitted,
        ids.UPDATE_MODAL,
        refuse=inline_errors(ids.UPDATE_FIELDS, fallback=ids.UPDATE_TEXT_BLOCK),
    )
