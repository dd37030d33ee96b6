"""Replies to `/mgr-goal` subcommands that change something: items, check-ins, team channel,
blurb requests. (List, item and help messages are in `messages.py`; digest ones in `digest.py`.)"""

from __future__ import annotations

from bot.domain.blurbs import BlurbSetting
from bot.domain.slack_text import escape
from bot.domain.zones import local_when
from bot.models import CampaignItem, Member
from bot.services.blurbs import BlurbRequestsChange
from bot.services.campaign import Progress
from bot.services.members import zone
from bot.services.wins import TeamChannelChange, TeamChannelInfo, WinLogged
from bot.slack.blocks.format import WEEKDAY_NAMES, short_date
from bot.slack.blocks.messages import Message, notice
from bot.slack.blocks.wins import win_logged as win_logged_message


def item_done(progress: Progress, *, evidence: bool) -> Message:
    suffix = " with your evidence" if evidence else ""
    return notice(
        f"Nice work! #{progress.item.number} is done{suffix}. "
        f"{progress.done} of {progress.total} done."
    )


def item_reopened(item: CampaignItem) -> Message:
    return notice(f"#{item.number} is open again.")


def note_saved(item: CampaignItem) -> Message:
    return notice(f"Evidence saved on #{item.number}. `/mgr-goal show {item.number}` lists it all.")


def next_checkin_text(member: Member) -> str:
    """When the member's next check-in comes, in their time zone."""
    if member.paused or member.next_checkin_at is None:
        return "when you `/mgr-goal resume` check-ins"
    when = local_when(member.next_checkin_at, zone(member))
    return f"{when} ({escape(member.timezone)})"


def checkins_paused() -> Message:
    return notice("Check-ins paused. Your list stays as it is; `/mgr-goal resume` restarts them.")


def checkins_resumed(member: Member) -> Message:
    return notice(f"Check-ins are back on. The next one comes {next_checkin_text(member)}.")


def schedule_set(member: Member) -> Message:
    day = WEEKDAY_NAMES[member.checkin_weekday]
    return notice(
        f"Your check-in is now every {day} at {member.checkin_time.strftime('%H:%M')} your "
        f"time. Next one: {next_checkin_text(member)}."
    )


def checkin_on_its_way() -> Message:
    return notice("This week's check-in is on its way to your DMs with me (the *Messages* tab).")


TEAM_HINT = "Pick one with `/mgr-goal team #your-team` (or in `/mgr-goal setup`)."


def team_channel_info(info: TeamChannelInfo) -> Message:
    channel = info.channel_id
    if channel is None:
        return notice("You have no team channel yet. " + TEAM_HINT)
    if info.digest_on:
        return notice(
            f"Your team channel is <#{channel}>: wins you share go into its weekly digest."
        )
    return notice(
        f"Your team channel is <#{channel}>. It has no weekly digest on, so nobody "
        "else sees your shared wins until someone there runs `/mgr-goal digest on`."
    )


def team_channel_changed(change: TeamChannelChange) -> Message:
    """Shared wins follow the member's current team channel, so already-shared ones can show up
    in the new channel's digest: say which, and how to take one back."""
    if change.channel_id is None:
        return notice("You have no team channel now; shared wins stay out of every digest.")
    upcoming = change.upcoming
    text = f"Your team channel is now <#{change.channel_id}>. " + (
        "Its weekly digest is on, so wins you share will show up there, and so will "
        "wins you already shared since "
        f"{short_date(upcoming.since.astimezone(upcoming.zone).date())}."
        if upcoming
        else "Its weekly digest isn't on yet: anyone there can start it with "
        "`/mgr-goal digest on`; its first digest covers wins shared in the 7 days "
        "before it, including wins you already shared."
    )
    return notice(text + " Unshare any that aren't for this channel from your Home tab.")


def blurb_requests(change: BlurbRequestsChange) -> Message:
    if change.setting is BlurbSetting.TURNED_ON:
        text = "People can ask you for blurbs again. `/mgr-goal blurbs off` stops them."
    elif change.setting is BlurbSetting.ALREADY_ON:
        text = "People can already ask you for blurbs. `/mgr-goal blurbs off` stops them."
    elif change.setting is BlurbSetting.ALREADY_OFF:
        text = "Blurb requests to you are already off. `/mgr-goal blurbs on` turns them back on."
    else:
        closed = change.closed
        text = "Done: nobody can send you blurb requests through mgr-goal any more"
        text += (
            f", and I closed the {closed} open one{'s' if closed != 1 else ''}." if closed else "."
        )
        text += " `/mgr-goal blurbs on` turns them back on."
    return notice(text)


def win_logged(logged: WinLogged, *, item_number: int | None) -> Message:
    """`/mgr-goal win <text>`: the win, and who will see it if it is shared."""
    return win_logged_message(
        logged.win,
        item_number=item_number,
        team_channel=logged.win.member.team_channel_id,
        digest_on=logged.digest_on,
    )
