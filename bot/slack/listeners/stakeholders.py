"""Stakeholders: "Met today" and "Ask what they'd need" beside each one on the member's Home;
"Answer" and "Not now" in the DM to the person asked, and the answer form's submission."""

from __future__ import annotations

from slack_bolt import App

from bot.services import stakeholder_ask_dms, stakeholder_asks, stakeholders
from bot.slack import ids
from bot.slack.blocks import stakeholder_asks as ask_blocks
from bot.slack.blocks.modals import notice_modal
from bot.slack.context import Actor
from bot.slack.home_tab import refresh_home
from bot.slack.presses import Press, on_press, refuse_in_modal
from bot.slack.submissions import Modal, inline_errors, on_submit


def met_today(press: Press) -> None:
    """The row is re-checked as the presser's own before anything is logged."""
    with press.session() as session:
        stakeholders.met_by_id(
            session, stakeholder_id=press.payload.target_id, now=press.now, **press.scope
        )
    press.refresh_home()


def ask_pressed(press: Press) -> None:
    """The row is the presser's own, or nothing is asked; the outcome in a notice modal."""
    with press.session() as session:
        person = stakeholder_asks.listed_user(
            session, stakeholder_id=press.payload.target_id, **press.scope
        )
    result = stakeholder_ask_dms.ask_stakeholder(
        db=press.deps.db,
        messenger=press.messenger,
        checked_in=press.session(),
        acked=lambda: None,  # a press is acked already
        stakeholder_user_id=person,
        now=press.now,
        **press.scope,
    )
    if isinstance(result, str):
        press.open_modal(notice_modal(result))
        return
    text = ask_blocks.asked_text(stakeholder_user_id=person, added=result.added)
    press.open_modal(notice_modal(text))


def answer_clicked(press: Press) -> None:
    with press.session() as session:
        ask = stakeholder_asks.ask_for_stakeholder(
            session, ask_id=press.payload.target_id, now=press.now, **press.scope
        )
        view = ask_blocks.answer_modal(ask)
    press.open_modal(view)


def not_now(press: Press) -> None:
    """The member is not told: like a blurb's "Not now", they only find the cooldown."""
    with press.session() as session:
        ask = stakeholder_asks.decline(
            session, ask_id=press.payload.target_id, now=press.now, **press.scope
        )
        closed = ask_blocks.ask_declined(ask, cooldown_days=stakeholder_asks.NOT_NOW_COOLDOWN_DAYS)
    press.replace(closed)


def answered(modal: Modal) -> None:
    """Store the answers as items once, tell both sides, and refresh the member's Home."""
    form = modal.form
    result = modal.save(
        lambda s: stakeholder_asks.answer(
            s,
            ask_id=form.metadata_id("ask_id"),
            answers=[form.text(block) for block in ids.STAKEHOLDER_ANSWER_BLOCKS],
            area=form.area(ids.AREA_BLOCK),
            now=modal.now,
            **modal.scope,
        )
    )
    stakeholder_ask_dms.tell_answered(messenger=modal.messenger, answered=result)
    member = result.ask.member
    refresh_home(modal.deps, modal.messenger, Actor(team_id=member.team_id, user_id=member.user_id))


def register(app: App) -> None:
    on_press(app, met_today, ids.STAKEHOLDER_MET, refuse=refuse_in_modal)
    on_press(app, ask_pressed, ids.STAKEHOLDER_ASK, refuse=refuse_in_modal)
    on_press(app, answer_clicked, ids.STAKEHOLDER_ASK_ANSWER)
    on_press(app, not_now, ids.STAKEHOLDER_ASK_NOT_NOW)
    answer_form = inline_errors(
        ids.STAKEHOLDER_ANSWER_FIELDS, fallback=ids.STAKEHOLDER_ANSWER_BLOCKS[0]
    )
    on_submit(app, answered, ids.STAKEHOLDER_ANSWER_MODAL, refuse=answer_form)
