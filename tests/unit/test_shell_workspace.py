"""The shell's pretend workspace: who is there, and what Slack sends for what a person types
(bot/devtools/workspace.py); and `:at`'s time format (bot/devtools/shell.py parse_instant)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.devtools.shell import parse_instant
from bot.devtools.workspace import Workspace
from bot.domain.slack_text import decode

WORKSPACE = Workspace()
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("from @dana area coaching", "from <@UDANA|dana> area coaching"),
        ("@kofi and @Carol", "<@UKOFI|kofi> and <@UCAROL|carol>"),
        ("team #team", "team <#CTEAM|team>"),
        ("ping @here @Channel @everyone", "ping <!here> <!channel> <!everyone>"),
        ("a & b <c> d>e", "a &amp; b &lt;c&gt; d&gt;e"),
        ("<@UKOFI> <!channel>", "&lt;@UKOFI&gt; &lt;!channel&gt;"),
        ("@ukofi in #cteam", "@ukofi in #cteam"),  # Slack resolves names, never typed ids
        ("@sam in #general", "@sam in #general"),
        ("win for #3 with kofi@example.com", "win for #3 with kofi@example.com"),
        ("@dana's retro, #team.", "<@UDANA|dana>'s retro, <#CTEAM|team>."),
    ],
)
def test_what_slack_sends_for_typed_command_text(typed: str, sent: str) -> None:
    assert WORKSPACE.as_slack_sends(typed) == sent


def test_the_bot_reads_back_what_was_typed() -> None:
    typed = "Ran <the> retro & more with @dana in #team"

    assert decode(WORKSPACE.as_slack_sends(typed)) == typed


def test_people_and_channels_by_handle_or_id_in_any_case() -> None:
    assert WORKSPACE.person("@Dana") is WORKSPACE.person("udana") is WORKSPACE.people[1]
    assert WORKSPACE.person("nobody") is None
    assert WORKSPACE.channel("#TEAM") is WORKSPACE.channel("cteam") is WORKSPACE.channels[0]
    assert WORKSPACE.channel("#general") is None


def test_names_for_ids_with_dm_channels_and_strangers() -> None:
    assert WORKSPACE.user_name("UKOFI") == "kofi"
    assert WORKSPACE.user_name("UNOBODY") == "UNOBODY"
    assert WORKSPACE.channel_name("CTEAM") == "team"
    assert WORKSPACE.channel_name(WORKSPACE.people[0].dm_channel) == "DM of kofi"
    assert WORKSPACE.channel_name("CNOWHERE") == "CNOWHERE"


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2026-12-07 09:00", dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)),
        ("2026-12-07T9:30", dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC)),
        (" 2026-12-07 ", dt.datetime(2026, 12, 6, 23, 0, tzinfo=dt.UTC)),
        ("2027-07-01 09:00", dt.datetime(2027, 7, 1, 7, 0, tzinfo=dt.UTC)),
    ],
)
def test_at_takes_a_local_date_and_time(typed: str, utc: dt.datetime) -> None:
    instant = parse_instant(typed, BERLIN)

    assert instant == utc


def test_at_a_time_the_clocks_skip_is_the_time_a_wall_clock_shows() -> None:
    # 02:30 doesn't exist in Berlin on 28 Mar 2027: the clocks go from 02:00 to 03:00.
    instant = parse_instant("2027-03-28  02:30", BERLIN)

    assert instant is not None
    assert instant.astimezone(BERLIN).strftime("%H:%M") == "03:30"


@pytest.mark.parametrize(
    "typed",
    ["", "tomorrow", "2026-12-07 9", "07.12.2026 09:00", "2026-13-01", "2026-12-07 24:00"],
)
def test_at_refuses_anything_else(typed: str) -> None:
    assert parse_instant(typed, BERLIN) is None
