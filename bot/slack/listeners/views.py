"""Modal submissions from the Home tab and `/mgr-goal`: items, evidence, removal, setup."""

from __future__ import annotations

from slack_bolt import App

from bot.services import campaign, manager_asks, members
from bot.services.campaign import ItemFields
from bot.services.members import Profile
from bot.slack import ids
from bot.slack.payloads import Submission
from bot.slack.submissions import Modal, inline_errors, on_submit, refuse_in_notice


def item_submitted(modal: Modal) -> None:
    """Add an item (the modal's metadata says `item_id: null`) or edit the one it names."""
    form = modal.form
    item_id = form.optional_id("item_id")
    item = _item_fields(form)
    enrolled = modal.save(
        lambda s: campaign.save_item(s, item_id=item_id, fields=item, now=modal.now, **modal.scope)
    )
    modal.after_change(enrolled=enrolled)


def evidence_submitted(modal: Modal) -> None:
    item_id, text = modal.form.metadata_id("item_id"), modal.form.text(ids.EVIDENCE_BLOCK)
    modal.save(
        lambda s: campaign.note_item(s, item_id=item_id, text=text, now=modal.now, **modal.scope)
    )
    modal.refresh_home()


def remove_submitted(modal: Modal) -> None:
    item_id = modal.form.metadata_id("item_id")
    modal.save(lambda s: campaign.remove_by_id(s, item_id=item_id, **modal.scope))
    modal.refresh_home()


def setup_submitted(modal: Modal) -> None:
    profile = _profile(modal.form)
    enrolled = modal.save(
        lambda s: members.save_profile(s, profile=profile, now=modal.now, **modal.scope)
    )
    manager_asks.from_setup(
        db=modal.deps.db,
        messenger=modal.messenger,
        named=profile.manager_user_id,
        now=modal.now,
        **modal.scope,
    )
    modal.after_change(enrolled=enrolled)


def _item_fields(form: Submission) -> ItemFields:
    return ItemFields(
        text=form.text(ids.TEXT_BLOCK),
        asked_by=form.optional(ids.ASKED_BY_BLOCK),
        area=form.area(ids.AREA_BLOCK),
        due=form.date(ids.DUE_BLOCK),
    )


def _profile(form: Submission) -> Profile:
    return Profile(
        target_role=form.text(ids.ROLE_BLOCK),
        target_date=form.date(ids.TARGET_DATE_BLOCK),
        manager_user_id=form.optional(ids.MANAGER_BLOCK),
        why=form.text(ids.WHY_BLOCK),
        checkin_weekday=form.number(ids.CHECKIN_DAY_BLOCK),
        checkin_time=form.time(ids.CHECKIN_TIME_BLOCK),
        team_channel_id=form.optional(ids.TEAM_CHANNEL_BLOCK),
    )


def register(app: App) -> None:
    item_form = inline_errors(ids.ITEM_FIELDS, fallback=ids.TEXT_BLOCK)
    on_submit(app, item_submitted, ids.ITEM_MODAL, refuse=item_form)
    evidence_form = inline_errors(ids.ITEM_FIELDS, fallback=ids.EVIDENCE_BLOCK)
    on_submit(app, evidence_submitted, ids.EVIDENCE_MODAL, refuse=evidence_form)
    on_submit(app, remove_submitted, ids.REMOVE_MODAL, refuse=refuse_in_notice)
    setup_form = inline_errors(ids.SETUP_FIELDS, fallback=ids.ROLE_BLOCK)
    on_submit(app, setup_submitted, ids.SETUP_MODAL, refuse=setup_form)
