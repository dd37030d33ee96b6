"""Forget-me's confirm: deletes everything about the person who submitted it (the signed
request's actor, never anything in the view), once, then tells them and empties their Home;
the Homes that showed them (their manager's, those they managed) are republished."""

from __future__ import annotations

from contextlib import suppress

from slack_bolt import App

from bot.services import your_data
from bot.services.messenger import MessengerError
from bot.slack import ids
from bot.slack.blocks import your_data as blocks
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home
from bot.slack.submissions import Modal, on_submit, refuse_in_notice


def confirmed(modal: Modal) -> None:
    done = modal.save(lambda session: your_data.forget(session, **modal.scope))
    with suppress(MessengerError):  # deleted either way; the Home shows it
        modal.messenger.post_dm(user_id=modal.actor.user_id, message=blocks.forgotten())
    modal.refresh_home()
    for user_id in done.homes:
        refresh_home(modal.deps, modal.messenger, Actor(modal.actor.team_id, user_id))


def register(app: App) -> None:
    on_submit(app, confirmed, ids.FORGET_MODAL, refuse=refuse_in_notice)
