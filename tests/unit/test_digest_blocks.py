"""The digest's messages: short summary, details for the thread, preview; inside Slack's limits."""

from __future__ import annotations

import datetime as dt

from bot.domain.digests import SharedWin
from bot.slack.blocks.digest import details_message, preview_message, summary_message
from tests.support.blockkit import check_message
from tests.support.readers import data_text

DAY = dt.date(2026, 11, 25)
SINCE = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


def _wins(people: int, each: int, text: str = "Ran the incident review") -> list[SharedWin]:
    return [
        SharedWin(f"U{n:08d}", DAY, f"{text} {k}", ("coaching", None)[k % 2])
        for n in range(people)
        for k in range(each)
    ]


def test_summary_says_who_shared_how_many_and_the_areas() -> None:
    wins = [
        SharedWin("U1", DAY, "Mentored Sam", "coaching"),
        SharedWin("U1", DAY, "Taught git", "knowledge_sharing"),
        SharedWin("U2", DAY, "Fixed the handoff", None),
    ]
    text = data_text(summary_message(wins).to_dict())
    assert "2 people shared 3 wins" in text
    assert "<@U1> (2 wins)" in text and "<@U2> (1 win)" in text
    assert "Areas: coaching, knowledge sharing" in text
    assert "Mentored Sam" not in text  # details go in the thread


def test_details_group_wins_by_person_and_escape_their_text() -> None:
    wins = [SharedWin("U1", DAY, "Told <!channel> about <https://evil.example|x> & more", None)]
    text = data_text(details_message(wins).to_dict())
    assert "<!channel>" not in text and "<https://evil" not in text
    assert "&lt;!channel&gt;" in text and "&amp; more" in text
    assert "*<@U1>*" in text


def test_a_huge_week_truncates_with_and_n_more_instead_of_failing() -> None:
    wins = _wins(300, 20, text="x" * 480)
    for message in (
        summary_message(wins),
        details_message(wins),
        preview_message(wins, since=SINCE, zone=dt.UTC),
    ):
        check_message(message.to_dict())
    assert "…and" in data_text(details_message(wins).to_dict())
    assert "…and" in data_text(summary_message(wins).to_dict())


def test_preview_of_an_empty_week_says_nothing_would_post() -> None:
    text = data_text(preview_message([], since=SINCE, zone=dt.UTC).to_dict())
    assert "Nothing would post" in text and "Fri 20 Nov 2026" in text
