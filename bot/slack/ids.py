"""Every action_id, callback_id and block_id, shared by the builders and the listeners."""

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
DID_IT_MODAL = "did_it_modal"
OUTCOME_BLOCK = "outcome"
ITEM_BLOCK = "item"
