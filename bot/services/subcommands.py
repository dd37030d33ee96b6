"""Re-exports only, for the `/mgr-goal` handlers in `bot/slack/commands/` until their call sites
name the feature service that owns each use case (campaign, checkins, wins, blurbs, members).
Nothing is defined here; delete the module once no handler imports it."""

from bot.domain.blurbs import BlurbSetting
from bot.services.blurbs import BlurbRequestsChange, set_blurb_requests
from bot.services.campaign import ItemList, ItemView, Progress, find_item
from bot.services.campaign import complete_with_progress as complete_item
from bot.services.campaign import item_list as list_items
from bot.services.checkins.answers import NO_CHECKINS_YET, pause_checkins, resume_checkins
from bot.services.checkins.answers import schedule_checkins as set_schedule
from bot.services.checkins.rows import CheckinNow
from bot.services.checkins.rows import checkin_now_for as checkin_now
from bot.services.members import Caller, Enrolment, load_caller, today_of
from bot.services.wins import (
    TeamChannelChange,
    TeamChannelInfo,
    WinList,
    WinLogged,
    change_team_channel,
    list_wins,
    team_channel,
)
from bot.services.wins import log_command_win as log_win

__all__ = [
    "NO_CHECKINS_YET",
    "BlurbRequestsChange",
    "BlurbSetting",
    "Caller",
    "CheckinNow",
    "Enrolment",
    "ItemList",
    "ItemView",
    "Progress",
    "TeamChannelChange",
    "TeamChannelInfo",
    "WinList",
    "WinLogged",
    "change_team_channel",
    "checkin_now",
    "complete_item",
    "find_item",
    "list_items",
    "list_wins",
    "load_caller",
    "log_win",
    "pause_checkins",
    "resume_checkins",
    "set_blurb_requests",
    "set_schedule",
    "team_channel",
    "today_of",
]
