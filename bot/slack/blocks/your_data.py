"""Your data: the export's DM comment and replies, forget-me's confirm modal and its receipt."""

from __future__ import annotations

from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View

from bot.services.your_data import ForgetPlan
from bot.slack import ids
from bot.slack.blocks.elements import form
from bot.slack.blocks.format import md
from bot.slack.blocks.messages import Message, notice

EXPORT_COMMENT = (
    "Here is everything mgr-goal stores about you, as JSON: one list of rows per kind, and "
    "your promotion packet if you have a campaign. To delete it all, use `/mgr-goal forget-me`."
)


def export_sent() -> Message:
    return notice("Sent: your data is a file in your DMs with mgr-goal.")


def export_failed() -> Message:
    return notice("I couldn't put the file in your DMs just now. Please try again in a minute.")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def deleted_lines(plan: ForgetPlan) -> list[str]:
    """What forget-me deletes, one kind a line (kinds with nothing are left out)."""
    kinds = [
        (plan.items, _count(plan.items, "list item"), _count(plan.evidence, "evidence note")),
        (plan.checkins, _count(plan.checkins, "check-in"), ""),
        (plan.wins, _count(plan.wins, "win"), ""),
        (plan.reflections, _count(plan.reflections, "reflection"), ""),
        (plan.confidence_answers, _count(plan.confidence_answers, "confidence answer"), ""),
        (
            plan.stakeholders,
            _count(plan.stakeholders, "stakeholder"),
            _count(plan.stakeholder_log, "conversation")
            + " logged, "
            + _count(plan.stakeholder_asks, "ask"),
        ),
        (plan.updates, _count(plan.updates, "monthly update") + " sent", ""),
        (
            plan.blurb_requests,
            _count(plan.blurb_requests, "blurb request") + " (and blurbs written for you)",
            "",
        ),
        (plan.manager_links, _count(plan.manager_links, "manager link"), "removed on both sides"),
        (plan.packet_shares, _count(plan.packet_shares, "packet share"), ""),
    ]
    return [f"• {head}{f' ({detail})' if detail else ''}" for n, head, detail in kinds if n] or [
        "• your settings (nothing else is stored)"
    ]


def kept_lines(plan: ForgetPlan) -> list[str]:
    """What stays, and how it no longer names them."""
    lines = []
    if plan.blurbs_written:
        lines.append(
            f"• {_count(plan.blurbs_written, 'blurb')} you wrote for others "
            f"{_stay(plan.blurbs_written)} with them, "
            "signed “a former colleague”"
        )
    if plan.items_asked_for_others:
        lines.append(
            f"• {_count(plan.items_asked_for_others, 'item')} you asked others for "
            f"{_stay(plan.items_asked_for_others)} on "
            "their lists, without your name"
        )
    if plan.managing:
        lines.append(
            f"• {_count(plan.managing, 'link')} where you are someone's manager: removed on "
            "both sides"
        )
    if plan.on_stakeholder_lists:
        lines.append(
            f"• you come off {_count(plan.on_stakeholder_lists, 'stakeholder list')} "
            "(with the conversations logged with you)"
        )
    if plan.mentions:
        lines.append(
            f"• {_count(plan.mentions, 'note')} by others that "
            f"{'mentions' if plan.mentions == 1 else 'mention'} you "
            f"{_stay(plan.mentions)} with them, naming you “a former colleague”"
        )
    lines.append("• messages already in Slack (digest posts, DMs) stay where they are")
    return lines


def forget_modal(plan: ForgetPlan) -> View:
    """The confirm: exactly what is deleted, counted per kind, and what stays."""
    deleted = "\n".join(deleted_lines(plan))
    kept = "\n".join(kept_lines(plan))
    return form(
        callback_id=ids.FORGET_MODAL,
        title="Delete my data?",
        submit="Delete everything",
        close="Keep it",
        blocks=[
            SectionBlock(text=md(f"*This deletes, for good:*\n{deleted}")),
            SectionBlock(text=md(f"*What stays:*\n{kept}")),
            SectionBlock(text=md("There is no undo. `/mgr-goal export` first if you want a copy.")),
        ],
    )


def nothing_stored() -> Message:
    return notice("mgr-goal stores nothing about you: there is nothing to delete.")


def forgotten() -> Message:
    return notice(
        "Done: mgr-goal deleted everything about you. If you use it again, you start fresh."
    )


def _stay(count: int) -> str:
    return "stays" if count == 1 else "stay"
