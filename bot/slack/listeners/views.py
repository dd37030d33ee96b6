"""Modal submissions: validate, store, and show problems inline on the field."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.services import campaign, members
from bot.services.campaign import ItemFields
from bot.services.errors import UserError
from bot.services.members import Profile
from bot.slack import ids
from bot.slack.blocks.modals import notice_modal
from bot.slack.blocks.refusals import refusal_text
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import after_change
from bot.slack.payloads import NO_ID, Submission
from bot.slack.submissions import once, save_form, view_submission


def item_submitted(
    ack: Ack, view: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    """Add an item (the modal's metadata says `item_id: null`) or edit the one it names."""
    form = Submission.of(view)
    fields = _item_fields(form)
    item_id = None if form.metadata.get("item_id", NO_ID) is None else form.metadata_id("item_id")
    save_form(
        ack,
        view,
        deps,
        actor,
        messenger,
        fields=ids.ITEM_FIELDS,
        fallback=ids.TEXT_BLOCK,
        store=lambda session: campaign.save_item(
            session,
            team_id=actor.team_id,
            user_id=actor.user_id,
            item_id=item_id,
            fields=fields,
            now=deps.clock(),
        ),
    )


def evidence_submitted(
    ack: Ack, view: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    form = Submission.of(view)
    save_form(
        ack,
        view,
        deps,
        actor,
        messenger,
        fields=ids.ITEM_FIELDS,
        fallback=ids.EVIDENCE_BLOCK,
        store=lambda session: campaign.note_item(
            session,
            team_id=actor.team_id,
            user_id=actor.user_id,
            item_id=form.metadata_id("item_id"),
            text=form.text(ids.EVIDENCE_BLOCK),
            now=deps.clock(),
        ),
    )


def remove_submitted(
    ack: Ack, view: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    item_id = Submission.of(view).metadata_id("item_id")
    try:
        with once(deps, actor, view) as session:
            campaign.remove_by_id(
                session, team_id=actor.team_id, user_id=actor.user_id, item_id=item_id
            )
    except UserError as exc:
        ack(response_action="update", view=notice_modal(refusal_text(exc)).to_dict())
        return
    ack()
    after_change(deps, messenger, actor, enrolled=False)


def setup_submitted(
    ack: Ack, view: dict[str, Any], deps: Deps, actor: Actor, messenger: SlackClient
) -> None:
    profile = _profile(Submission.of(view))
    save_form(
        ack,
        view,
        deps,
        actor,
        messenger,
        fields=ids.SETUP_FIELDS,
        fallback=ids.ROLE_BLOCK,
        store=lambda session: members.save_profile(
            session, team_id=actor.team_id, user_id=actor.user_id, profile=profile, now=deps.clock()
        ),
    )


def _item_fields(form: Submission) -> ItemFields:
    return ItemFields(
        text=form.text(ids.TEXT_BLOCK),
        asked_by=form.optional(ids.ASKED_BY_BLOCK),
        area=form.area(ids.AREA_BLOCK),
        due=form.date(ids.DUE_BLOCK),
    )


def _profile(form: Submission) -> Profile:
    weekday = form.optional(ids.CHECKIN_DAY_BLOCK) or ""
    return Profile(
        target_role=form.text(ids.ROLE_BLOCK),
        target_date=form.date(ids.TARGET_DATE_BLOCK),
        manager_user_id=form.optional(ids.MANAGER_BLOCK),
        why=form.text(ids.WHY_BLOCK),
        checkin_weekday=int(weekday) if weekday.isdigit() else -1,
        checkin_time=form.time(ids.CHECKIN_TIME_BLOCK),
        team_channel_id=form.optional(ids.TEAM_CHANNEL_BLOCK),
    )


def register(app: App) -> None:
    view_submission(app, ids.ITEM_MODAL)(item_submitted)
    view_submission(app, ids.EVIDENCE_MODAL)(evidence_submitted)
    view_submission(app, ids.REMOVE_MODAL)(remove_submitted)
    view_submission(app, ids.SETUP_MODAL)(setup_submitted)
