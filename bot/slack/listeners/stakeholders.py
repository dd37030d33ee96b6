"""Stakeholders: "Met today" beside each one on the member's Home."""

from __future__ import annotations

from slack_bolt import App

from bot.services import stakeholders
from bot.slack import ids
from bot.slack.presses import Press, on_press, refuse_in_modal


def met_today(press: Press) -> None:
    """The row is re-checked as the presser's own before anything is logged."""
    with press.session() as session:
        stakeholders.met_by_id(
            session, stakeholder_id=press.payload.target_id, now=press.now, **press.scope
        )
    press.refresh_home()


def register(app: App) -> None:
    on_press(app, met_today, ids.STAKEHOLDER_MET, refuse=refuse_in_modal)
