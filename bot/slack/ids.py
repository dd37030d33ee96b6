"""Every action_id, callback_id and block_id, shared by the builders and the listeners."""

from bot.domain.case import Confidence
from bot.domain.checkins import CheckinAnswer, Pulse

# Modals (callback ids) and their input blocks.
ITEM_MODAL = "item_modal"
EVIDENCE_MODAL = "evidence_modal"
REMOVE_MODAL = "remove_modal"
SETUP_MODAL = "setup_modal"

TEXT_BLOCK = "text"
ASKED_BY_BLOCK = "asked_by"
AREA_BLOCK = "area"
DUE_BLOCK = "due"
EVIDENCE_BLOCK = "evidence"
ROLE_BLOCK = "target_role"
TARGET_DATE_BLOCK = "target_date"
MANAGER_BLOCK = "manager"
WHY_BLOCK = "why"
CHECKIN_DAY_BLOCK = "checkin_day"
CHECKIN_TIME_BLOCK = "checkin_time"
INPUT = "value"

# Buttons and menus.
HOME_ADD_ITEM = "home_add_item"
HOME_SETUP = "home_setup"
HOME_ITEM_MENU = "home_item_menu"
REMOVE_CONFIRM = "remove_confirm"
REMOVE_CANCEL = "remove_cancel"

# Overflow menu choices (the option value is "<choice>:<item id>").
MENU_DONE = "done"
MENU_EVIDENCE = "evidence"
MENU_EDIT = "edit"
MENU_REMOVE = "remove"

# Weekly check-in DM (button values carry the check-in id).
CHECKIN_DID_IT = "checkin_did_it"
CHECKIN_SWAP = "checkin_swap"
CHECKIN_SNOOZE = "checkin_snooze"
CHECKIN_SKIP = "checkin_skip"
CHECKIN_PULSE = "checkin_pulse"
PAUSE_ANSWER = "pause_answer"
PAUSE_KEEP_GOING = f"{PAUSE_ANSWER}_resume"
PAUSE_STOP = f"{PAUSE_ANSWER}_pause"
DID_IT_MODAL = "did_it_modal"
OUTCOME_BLOCK = "outcome"
ITEM_BLOCK = "item"


def pulse_button(pulse: Pulse) -> str:
    return f"{CHECKIN_PULSE}_{pulse}"


# The buttons that answer a check-in in place, and the answer each gives.
CHECKIN_ANSWERS: dict[str, CheckinAnswer | Pulse] = {
    CHECKIN_SWAP: CheckinAnswer.SWAP,
    CHECKIN_SNOOZE: CheckinAnswer.SNOOZE,
    CHECKIN_SKIP: CheckinAnswer.SKIP,
    **{pulse_button(pulse): pulse for pulse in Pulse},
}

# Wins.
WIN_MODAL = "win_modal"
WIN_TEXT_BLOCK = "win_text"
WIN_DATE_BLOCK = "win_date"
WIN_AREA_BLOCK = "win_area"
WIN_ITEM_BLOCK = "win_item"
WIN_SHARE_BLOCK = "win_share"
SHARE_OPTION = "share"
TEAM_CHANNEL_BLOCK = "team_channel"
HOME_LOG_WIN = "home_log_win"
HOME_WIN_MENU = "home_win_menu"
# Win overflow choices (the option value is "<choice>:<win id>").
MENU_SHARE = "share"
MENU_UNSHARE = "unshare"
MENU_BLURB = "blurb"

# Testimonials.
BLURB_ASK_MODAL = "blurb_ask_modal"
BLURB_WRITE_MODAL = "blurb_write_modal"
BLURB_COLLEAGUE_BLOCK = "blurb_colleague"
BLURB_ABOUT_BLOCK = "blurb_about"
BLURB_TEXT_BLOCK = "blurb_text"
BLURB_SHARE_BLOCK = "blurb_share"
BLURB_WRITE = "blurb_write"
BLURB_NOT_NOW = "blurb_not_now"
BLURB_NEVER = "blurb_never"


# Which modal block shows a service's field error (bot.slack.submissions.inline), one map per modal.
ITEM_FIELDS = {
    "text": TEXT_BLOCK,
    "asked_by": ASKED_BY_BLOCK,
    "due": DUE_BLOCK,
    "evidence": EVIDENCE_BLOCK,
}
WIN_FIELDS = {
    "text": WIN_TEXT_BLOCK,
    "date": WIN_DATE_BLOCK,
    "item": WIN_ITEM_BLOCK,
}
SETUP_FIELDS = {
    "target_role": ROLE_BLOCK,
    "target_date": TARGET_DATE_BLOCK,
    "manager_user_id": MANAGER_BLOCK,
    "why": WHY_BLOCK,
    "team_channel_id": TEAM_CHANNEL_BLOCK,
    "checkin_weekday": CHECKIN_DAY_BLOCK,
    "checkin_time": CHECKIN_TIME_BLOCK,
}
DID_IT_FIELDS = {
    "outcome": OUTCOME_BLOCK,
    "item": ITEM_BLOCK,
    "evidence": EVIDENCE_BLOCK,
}
BLURB_ASK_FIELDS = {
    "colleague": BLURB_COLLEAGUE_BLOCK,
    "about": BLURB_ABOUT_BLOCK,
}

# Manager links (button values carry the link id).
MANAGER_ACCEPT = "manager_accept"
MANAGER_DECLINE = "manager_decline"
MANAGER_UNLINK = "manager_unlink"
MANAGER_ADD_ITEM = "manager_add_item"
MANAGER_ITEM_MODAL = "manager_item_modal"
# The manager's item form shows the item modal's blocks, so the same field map applies.
MANAGER_ITEM_FIELDS = ITEM_FIELDS
# "Met today" beside a stakeholder on the member's Home; the value is the stakeholder row id.
STAKEHOLDER_MET = "stakeholder_met"
# Asking a stakeholder what they'd need to see: the Home button's value is the stakeholder row
# id; the DM's buttons and the answer form carry the ask id.
STAKEHOLDER_ASK = "stakeholder_ask"
STAKEHOLDER_ASK_ANSWER = "stakeholder_ask_answer"
STAKEHOLDER_ASK_NOT_NOW = "stakeholder_ask_not_now"
STAKEHOLDER_ANSWER_MODAL = "stakeholder_answer_modal"
STAKEHOLDER_ANSWER_BLOCKS = ("answer_1", "answer_2", "answer_3")
STAKEHOLDER_ANSWER_FIELDS = {block: block for block in STAKEHOLDER_ANSWER_BLOCKS}

# The monthly update: its modal (from the Home, the check-in's update move, or `update`).
HOME_UPDATE = "home_update"
CHECKIN_UPDATE = "checkin_update"
UPDATE_MODAL = "update_modal"
UPDATE_TEXT_BLOCK = "update_text"
UPDATE_TO_BLOCK = "update_to"  # the manager and the first stakeholders
UPDATE_MORE_BLOCK = "update_to_more"  # stakeholders 10 and on (10 tick boxes a block)
UPDATE_SELF_BLOCK = "update_to_self"
UPDATE_SELF_OPTION = "self"
UPDATE_FIELDS = {"text": UPDATE_TEXT_BLOCK, "to": UPDATE_TO_BLOCK}

# The promotion packet: "Build my packet" (Home, the ready prompt); its value says where from.
PACKET_BUILD = "packet_build"

# Asking for the role: the ready move's button and `/mgr-goal ready` open the prep modal (a
# notice: nothing to submit); its "Build my packet" is PACKET_BUILD with the value "ready".
READY_PREPARE = "ready_prepare"
READY_PACKET_VALUE = "ready"

# The monthly confidence question in a check-in (the value is the check-in id).
CONFIDENCE = "confidence"


def confidence_button(level: Confidence) -> str:
    return f"{CONFIDENCE}_{level}"


CONFIDENCE_ANSWERS: dict[str, Confidence] = {confidence_button(c): c for c in Confidence}


# The reflection move's "Reflect" (value: the check-in id) and its modal.
CHECKIN_REFLECT = "checkin_reflect"
REFLECTION_MODAL = "reflection_modal"
STILL_WANT_BLOCK = "still_want"
ENERGISED_BLOCK = "energised"
DRAINED_BLOCK = "drained"
REFLECTION_FIELDS = {
    "still_want": STILL_WANT_BLOCK,
    "energised": ENERGISED_BLOCK,
    "drained": DRAINED_BLOCK,
}
# After three unsure reflections in a row: the kind offer to pause (value: "pause").
REFLECTION_PAUSE = "reflection_pause"
REFLECTION_KEEP_GOING = "reflection_keep_going"

PACKET_OPTIONS = "packet_options"  # "Choose what's in it": the options modal
PACKET_OPTIONS_MODAL = "packet_options_modal"
PACKET_SECTIONS_BLOCK = "packet_sections"  # the sections ticked stay in
PACKET_PRIVATE_BLOCK = "packet_private"
PACKET_PRIVATE_OPTION = "private_wins"
PACKET_REFLECTIONS_OPTION = "reflections"
PACKET_SINCE_BLOCK = "packet_since"
PACKET_SHARE = "packet_share"  # "Send to my manager": value is the manager link's id
PACKET_SHARE_MODAL = "packet_share_modal"
PACKET_NOTE_BLOCK = "packet_note"
PACKET_FIELDS = {"note": PACKET_NOTE_BLOCK, "since": PACKET_SINCE_BLOCK}

# Your data
FORGET_MODAL = "forget_modal"
