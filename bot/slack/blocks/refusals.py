"""Why something was refused, as mrkdwn: the one place a domain error becomes reply text."""

from __future__ import annotations

from bot.domain.slack_text import escape
from bot.services.blurbs import AskedTooSoon
from bot.services.errors import AboutPerson
from bot.slack.blocks.format import mention, short_date


def refusal_text(error: Exception) -> str:
    """Why a command, a button or a blurb request was refused, as mrkdwn for a message or notice.

    A "Not now" names the colleague with a mention; everything else is the error's own text,
    escaped.
    """
    if isinstance(error, AskedTooSoon):
        return (
            f"{mention(error.colleague_user_id)} said not now on "
            f"{short_date(error.declined_on)}. You can ask them again from "
            f"{short_date(error.ask_again_on)}. Until then, ask someone else you helped: "
            "`/mgr-goal blurb @someone &lt;what you helped with&gt;`."
        )
    if isinstance(error, AboutPerson) and mention(error.user_id):
        return escape(error.template).replace("{who}", mention(error.user_id))
    return escape(str(error))
