"""The promotion packet: the DM that follows the files, the options and share modals, and the
words around them. The member's line to their manager is their own text: escaped."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, CheckboxesElement, ContextBlock, Option
from slack_sdk.models.views import View

from bot.domain.dates import day_label
from bot.domain.packet import Options, Section
from bot.domain.slack_text import escape
from bot.models import PACKET_NOTE_MAX
from bot.slack import ids
from bot.slack.blocks.elements import button, date_input, field, form, text_input
from bot.slack.blocks.format import md, mention
from bot.slack.blocks.limits import SECTION_TEXT, clip
from bot.slack.blocks.messages import Message, notice

NOTE_MAX = PACKET_NOTE_MAX
TITLE = "Promotion packet"
OPTIONS_HINT = (
    "`/mgr-goal packet --since 2026-06-01` covers only what happened since a date; "
    "`/mgr-goal packet options` leaves sections or private wins out or in."
)


def building() -> Message:
    return notice("Building your packet… it will be in your DM with me in a moment.")


def upload_failed() -> Message:
    return notice(
        "I couldn't put your packet in your DM just now: Slack didn't take the files. "
        "Try `/mgr-goal packet` again in a minute."
    )


def upload_comment(options: Options) -> str:
    """The comment on the two files in the member's DM."""
    since = f", covering what happened since {day_label(options.since)}" if options.since else ""
    return (
        f"Your promotion packet{since}: Markdown to edit, PDF to print (A4 or Letter). "
        "Bring it to the conversation."
    )


def ready(*, link_id: int | None) -> Message:
    """After the files: Send to my manager (only with an active link) and the options."""
    buttons = []
    if link_id is not None:
        buttons.append(
            button("Send to my manager", ids.PACKET_SHARE, str(link_id), style="primary")
        )
    buttons.append(button("Choose what's in it", ids.PACKET_OPTIONS, "dm"))
    text = "Your packet is above. Only you can see it until you send it."
    return Message(
        text=text,
        blocks=[
            *notice(text).blocks,
            ActionsBlock(elements=buttons),
            ContextBlock(elements=[md(OPTIONS_HINT)]),
        ],
    )


def _section_options() -> list[Option]:
    return [Option(text=section.label, value=section.value) for section in Section]


def options_modal() -> View:
    """What goes in: every section ticked (untick to leave one out), private wins unticked."""
    options = _section_options()
    private = Option(text="Include my private wins", value=ids.PACKET_PRIVATE_OPTION)
    reflections = Option(text="Include my reflections", value=ids.PACKET_REFLECTIONS_OPTION)
    return form(
        callback_id=ids.PACKET_OPTIONS_MODAL,
        title=TITLE,
        submit="Build",
        blocks=[
            field(
                ids.PACKET_SECTIONS_BLOCK,
                "Sections after the summary",
                CheckboxesElement(action_id=ids.INPUT, options=options, initial_options=options),
                optional=True,
            ),
            field(
                ids.PACKET_PRIVATE_BLOCK,
                "Private parts",
                CheckboxesElement(action_id=ids.INPUT, options=[private, reflections]),
                optional=True,
                hint="Wins you didn't share and your reflections stay out unless you tick them.",
            ),
            date_input(
                ids.PACKET_SINCE_BLOCK, "Only since (optional)", initial=None, optional=True
            ),
        ],
    )


def share_modal(*, link_id: int, manager_user_id: str) -> View:
    who = mention(manager_user_id) or "your manager"
    return form(
        callback_id=ids.PACKET_SHARE_MODAL,
        title="Send to my manager",
        submit="Send",
        metadata={"link": link_id},
        blocks=[
            *notice(f"I'll send your packet (Markdown and PDF) to {who} in a DM.").blocks,
            text_input(
                ids.PACKET_NOTE_BLOCK,
                "A line from you (optional)",
                max_length=NOTE_MAX,
                multiline=True,
                optional=True,
                placeholder="Here's my case for the team lead role. Can we talk it through?",
            ),
        ],
    )


def manager_comment(*, member_user_id: str, member_name: str) -> str:
    """The comment on the files in the manager's DM (no user text: that is in `shared_with_you`)."""
    who = mention(member_user_id) or escape(member_name) or "Someone you manage"
    return f"{who} shared their promotion packet with you."


def shared_with_you(*, member_user_id: str, note: str | None) -> Message:
    """The DM after the files: who shared them and the member's line, escaped, verbatim."""
    who = mention(member_user_id) or "Someone you manage"
    text = f"{who} shared their promotion packet with you (the two files above)."
    if note:
        quoted = "\n".join(f"> {line}" for line in escape(clip(note, NOTE_MAX)).splitlines())
        text += f"\n*Their note:*\n{quoted}"
    return notice(
        clip(text, SECTION_TEXT), fallback=f"{who} shared their promotion packet with you."
    )


def sent_to(manager_user_id: str) -> Message:
    who = mention(manager_user_id) or "your manager"
    return notice(f"Sent to {who}.")


def not_sent(manager_user_id: str) -> Message:
    who = mention(manager_user_id) or "your manager"
    return notice(f"I couldn't get your packet to {who} just now. Try again in a while.")
