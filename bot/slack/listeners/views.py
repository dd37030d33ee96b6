"""Modal submissions: validate, store, and show problems inline on the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.areas import SkillArea
from bot.domain.slack_text import escape
from bot.services import campaign, members
from bot.services.campaign import ItemErrors, ItemFields, is_valid_id
from bot.services.errors import UserError
from bot.services.members import ProfileErrors
from bot.slack import ids
from bot.slack.blocks.modals import notice_modal, read_metadata
from bot.slack.client import SlackClient
from bot.slack.context import Actor, Deps
from bot.slack.home_tab import after_change, block_value
from bot.slack.submissions import once, view_submission

_ITEM_FIELD_BLOCKS = {
    "text": ids.TEXT_BLOCK,
    "asked_by": ids.ASKED_BY_BLOCK,
    "due": ids.DUE_BLOCK,
    "evidence": ids.EVIDENCE_BLOCK,
}


def _value(view: dict[str, Any], block_id: str) -> Any:
    return block_value(view, block_id, ids.INPUT)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


_FORM_EXPIRED = "This form is out of date. Close it and open it again."


def _metadata_item_id(view: dict[str, Any]) -> int | None:
    """The item a modal is about: None for a new item; anything forged or garbled is refused."""
    metadata = read_metadata(view)
    if "item_id" not in metadata:
        raise UserError(_FORM_EXPIRED)
    value = metadata["item_id"]
    if value is None:
        return None
    if not is_valid_id(value):
        raise UserError(_FORM_EXPIRED)
    return int(value)


def _area(value: Any) -> SkillArea | None:
    try:
        return SkillArea(value) if value else None
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def register(app: App, deps: Deps) -> None:
    @view_submission(app, ids.ITEM_MODAL)
    def item_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        now = deps.clock()
        fields = ItemFields(
            text=_value(view, ids.TEXT_BLOCK) or "",
            asked_by=_value(view, ids.ASKED_BY_BLOCK),
            area=_area(_value(view, ids.AREA_BLOCK)),
            due=_date(_value(view, ids.DUE_BLOCK)),
        )
        scope = {"team_id": actor.team_id, "user_id": actor.user_id}
        try:
            item_id = _metadata_item_id(view)
            with once(deps, actor, view) as session:
                enrolling = members.find_member(session, **scope) is None
                if item_id is None:
                    campaign.add_item(session, fields=fields, now=now, **scope)
                else:
                    item = campaign.get_item_by_id(session, item_id=item_id, **scope)
                    campaign.edit_item(session, item=item, fields=fields, now=now)
        except ItemErrors as exc:
            ack(response_action="errors", errors=_inline(exc.problems))
            return
        except UserError as exc:
            ack(response_action="errors", errors={ids.TEXT_BLOCK: str(exc)})
            return
        ack()
        after_change(deps, SlackClient(client), actor, enrolled=enrolling)

    @view_submission(app, ids.EVIDENCE_MODAL)
    def evidence_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        try:
            item_id = _metadata_item_id(view)
            with once(deps, actor, view) as session:
                item = campaign.get_item_by_id(
                    session, team_id=actor.team_id, user_id=actor.user_id, item_id=item_id or -1
                )
                campaign.add_note(
                    session,
                    item=item,
                    text=_value(view, ids.EVIDENCE_BLOCK) or "",
                    now=deps.clock(),
                )
        except ItemErrors as exc:
            ack(response_action="errors", errors=_inline(exc.problems))
            return
        except UserError as exc:
            ack(response_action="errors", errors={ids.EVIDENCE_BLOCK: str(exc)})
            return
        ack()
        after_change(deps, SlackClient(client), actor, enrolled=False)

    @view_submission(app, ids.REMOVE_MODAL)
    def remove_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        try:
            item_id = _metadata_item_id(view)
            with once(deps, actor, view) as session:
                item = campaign.get_item_by_id(
                    session, team_id=actor.team_id, user_id=actor.user_id, item_id=item_id or -1
                )
                campaign.remove_item(session, item=item)
        except UserError as exc:
            ack(response_action="update", view=_notice_view(str(exc)))
            return
        ack()
        after_change(deps, SlackClient(client), actor, enrolled=False)

    @view_submission(app, ids.SETUP_MODAL)
    def setup_submitted(
        ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        actor = Actor.of(context)
        weekday = _value(view, ids.CHECKIN_DAY_BLOCK)
        checkin_time = _time(_value(view, ids.CHECKIN_TIME_BLOCK))
        if checkin_time is None:
            ack(response_action="errors", errors={ids.CHECKIN_TIME_BLOCK: "Pick a time."})
            return
        try:
            with once(deps, actor, view) as session:
                enrolling = (
                    members.find_member(session, team_id=actor.team_id, user_id=actor.user_id)
                    is None
                )
                members.update_profile(
                    session,
                    team_id=actor.team_id,
                    user_id=actor.user_id,
                    target_role=_value(view, ids.ROLE_BLOCK) or "",
                    target_date=_date(_value(view, ids.TARGET_DATE_BLOCK)),
                    manager_user_id=_value(view, ids.MANAGER_BLOCK),
                    why=_value(view, ids.WHY_BLOCK) or "",
                    checkin_weekday=int(weekday) if str(weekday).isdigit() else -1,
                    checkin_time=checkin_time,
                    team_channel_id=_value(view, ids.TEAM_CHANNEL_BLOCK),
                    now=deps.clock(),
                )
        except ProfileErrors as exc:
            ack(response_action="errors", errors=exc.problems)
            return
        ack()
        after_change(deps, SlackClient(client), actor, enrolled=enrolling)


def _inline(problems: dict[str, str]) -> dict[str, str]:
    return {_ITEM_FIELD_BLOCKS.get(field, ids.TEXT_BLOCK): msg for field, msg in problems.items()}


def _notice_view(text: str) -> dict[str, Any]:
    return notice_modal(escape(text)).to_dict()
