"""Markup injection: whatever people type into wins, blurb requests and blurbs, nothing the bot
posts can ping a channel, a group or a person, render a fake mention or channel, or hide a link.

Text reaches the bot in two encodings. Slash command text comes with should_escape on: the
characters `<`, `>` and `&` someone typed arrive as `&lt;`, `&gt;` and `&amp;`, while mentions,
channels and links picked from autocomplete arrive as real `<…>` tokens. Modal inputs arrive
raw. Either way, every place Slack parses markup (a message's `text` and every mrkdwn object,
in chat.postMessage, chat.update, views.publish/open/update, response_url and ack bodies) may
hold only the `<…>` tokens the bot makes itself from validated ids: mentions of the people in
the test and the team channel.

U5 (Europe/Berlin) logs wins and asks; U6 and U7 are colleagues. Nobody here is U1 and no
channel is C1, so `<@U1>` or `<#C1>` in any output is injected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.devtools.fake_slack import FakeSlack
from bot.domain.slack_text import decode, escape
from bot.jobs.tick import tick
from bot.models import BLURB_ABOUT_MAX, BLURB_MAX, WIN_MAX, BlurbRequest, Win
from bot.slack import ids
from bot.slack.blocks.limits import clip
from tests.support.checkin_helpers import make_delivery
from tests.support.home_helpers import count, home_after, modal_after
from tests.support.readers import decoded, input_block, mrkdwn_texts, nodes
from tests.support.slack_requests import Reply, SlackDriver

OWNER, SAM, KIM = "U5", "U6", "U7"
TEAM_CHANNEL = "CTEAM"
# Friday 27 November 2026, 16:00 in Berlin: the first digest after `digest on` on Monday.
DIGEST_AT = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)

# What the bot may emit as markup tokens: mentions of validated ids and the team channel.
ALLOWED_TOKENS = {f"<@{OWNER}>", f"<@{SAM}>", f"<@{KIM}>", f"<#{TEAM_CHANNEL}>"}
FORBIDDEN = ("<!channel", "<!here", "<!everyone", "<!subteam", "<https://evil", "<@U1", "<#C1")
TOKEN = re.compile(r"<[^<>]*>")

LONG_UNIT = "<!channel> <!here> <@U1> <#C1> <https://evil.example|x> &lt; "
CORPUS = {
    "at-channel": "Told <!channel> about the launch",
    "at-here": "ping <!here> now",
    "subteam": "cc <!subteam^S1> and <!subteam^S1|@leads>",
    "user-mention": "thanks to <@U1> and <@U1|alex>",
    "channel": "posted in <#C1> and <#C1|general>",
    "link": "read <https://evil.example|the totally safe doc>",
    "entity": "a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt;",
    "lone-brackets": "x < y > z & <<>> <",
    "long": "",  # filled to each field's limit by `sample`
    "emoji": "🎉 Shipped it :tada: 👩🏽‍💻 naïve café 日本語 ✅",
}


def sample(name: str, limit: int) -> str:
    """The corpus text for a field of `limit` characters (the long one fills it exactly)."""
    if name != "long":
        return CORPUS[name]
    text = LONG_UNIT * (limit // len(LONG_UNIT) + 1)
    return text[:limit].rstrip() + "!" * (limit - len(text[:limit].rstrip()))


# --- recording and scanning everything the bot says --------------------------------------------


def markup_of(payload: dict[str, Any]) -> list[str]:
    """The strings Slack parses for mentions and links in a message, view or ack body."""
    found = mrkdwn_texts(payload)  # a message's fallback/notification text is mrkdwn too
    view = decoded(payload.get("view"))
    if isinstance(view, dict):
        found.extend(mrkdwn_texts(view.get("blocks", [])))
    errors = payload.get("errors")
    if isinstance(errors, dict):  # inline modal errors: shown as text; keep them clean too
        found.extend(str(v) for v in errors.values())
    return found


def plain_of(payload: dict[str, Any]) -> list[str]:
    """Input values the bot pre-fills (shown literally, so they must stay as typed)."""
    return [
        v
        for k, v in nodes(decoded(payload.get("view")))
        if k == "initial_value" and isinstance(v, str)
    ]


SCANNED = (
    "chat.postMessage",
    "chat.update",
    "views.publish",
    "views.open",
    "views.update",
    "views.push",
    "response_url",
)


@dataclass
class Bot:
    """The app as Slack drives it, keeping every ack body so they can be scanned as well."""

    slack: SlackDriver
    fake: FakeSlack
    db: Database
    acks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def _keep(self, what: str, reply: Reply) -> Reply:
        assert reply.status == 200, reply.body
        if reply.body:
            self.acks.append((f"ack of {what}", reply.json()))
        return reply

    def command(self, text: str, *, user: str = OWNER, channel: str = "C999") -> Reply:
        name = "team" if channel == TEAM_CHANNEL else "random"
        reply = self.slack.command(text, user=user, channel=channel, channel_name=name)
        return self._keep(f"/mgr-goal {text[:60]}", reply)

    def click(self, action_id: str, **kw: Any) -> Reply:
        return self._keep(f"click {action_id}", self.slack.click(action_id, **kw))

    def submit(self, view: dict[str, Any], values: dict[str, Any], **kw: Any) -> Reply:
        return self._keep(
            f"submit {view.get('callback_id')}", self.slack.submit(view, values, **kw)
        )

    def event(self, event: dict[str, Any], **kw: Any) -> Reply:
        return self._keep(f"event {event.get('type')}", self.slack.event(event, **kw))

    # -- the payloads --

    def payloads(self) -> list[tuple[str, dict[str, Any]]]:
        sent = [(c.method, c.args) for c in self.fake.calls if c.method in SCANNED]
        return sent + self.acks

    def assert_clean(self) -> None:
        """No payload carries a `<` outside the tokens the bot makes from validated ids (which
        rules out every FORBIDDEN prefix); `>` alone is a quote marker and may stay."""
        problems = []
        for where, payload in self.payloads():
            for text in markup_of(payload):
                rest = TOKEN.sub(lambda m: "" if m.group(0) in ALLOWED_TOKENS else m.group(0), text)
                if "<" in rest:
                    bad = [f for f in FORBIDDEN if f in rest] or TOKEN.findall(rest) or ["<"]
                    problems.append(f"{where}: {bad} in {text[:300]!r}")
        assert not problems, "\n".join(problems)

    def markup(self, method: str, **match: str) -> str:
        """All markup of the calls to `method` whose args match."""
        texts: list[str] = []
        for call in self.fake.calls_to(method):
            if all(call.args.get(k) == v for k, v in match.items()):
                texts.extend(markup_of(call.args))
        return "\n".join(texts)

    def ack_markup(self) -> str:
        return "\n".join(t for _, payload in self.acks for t in markup_of(payload))


@pytest.fixture
def bot(slack: SlackDriver, fake_slack: FakeSlack, db: Database) -> Bot:
    fake_slack.add_user(OWNER, tz="Europe/Berlin")
    fake_slack.add_user(SAM, tz="UTC")
    fake_slack.add_user(KIM, tz="Asia/Tokyo")
    return Bot(slack, fake_slack, db)


def wait_home(bot: Bot, before: int, user: str = OWNER) -> dict[str, Any]:
    return home_after(bot.fake, before=before, user=user)


def command_then_home(bot: Bot, text: str, *, user: str = OWNER) -> Reply:
    before = count(bot.fake, "views.publish")
    reply = bot.command(text, user=user)
    wait_home(bot, before, user)
    return reply


def typed(text: str) -> str:
    """Command text as Slack sends it when these characters were typed (should_escape on)."""
    return escape(text)


def home_markup(bot: Bot, user: str = OWNER) -> str:
    calls = [c for c in bot.fake.calls_to("views.publish") if c.args.get("user_id") == user]
    assert calls
    return "\n".join(markup_of(calls[-1].args))


# --- wins and the digest -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CORPUS))
def test_win_text_is_escaped_everywhere_including_the_digest(bot: Bot, name: str) -> None:
    raw = sample(name, WIN_MAX)
    as_tokens = decode(raw)  # the same keystrokes sent as Slack tokens decode to readable text

    # U5's team channel is CTEAM, and its weekly digest is on (Fridays 16:00 Berlin).
    command_then_home(bot, f"team <#{TEAM_CHANNEL}|team>")
    before = count(bot.fake, "response_url")
    assert bot.command("digest on", channel=TEAM_CHANNEL).body == ""
    bot.fake.wait_for("response_url", before + 1)

    # Three shared wins: typed in the command, sent as Slack tokens, typed in the modal.
    first = command_then_home(bot, f"win {typed(raw)} share")
    assert "Win logged" in first.text, first.text
    command_then_home(bot, f"win {raw} share")
    before_open = count(bot.fake, "views.open")
    bot.click(ids.HOME_LOG_WIN, value="win", user=OWNER)
    modal = modal_after(bot.fake, before=before_open)
    before_home = count(bot.fake, "views.publish")
    reply = bot.submit(modal, {ids.WIN_TEXT_BLOCK: raw, ids.WIN_SHARE_BLOCK: ["share"]}, user=OWNER)
    assert reply.body == "", reply.body
    wait_home(bot, before_home)

    with bot.db.session() as session:
        wins = list(session.scalars(select(Win).order_by(Win.id)))
    assert [w.text for w in wins] == [raw.strip(), as_tokens.strip(), raw.strip()]
    assert all(w.shared for w in wins)
    shown = {escape(raw.strip()), escape(as_tokens.strip())}

    # The log reply, the Home tab and `/mgr-goal wins` show the text escaped.
    assert escape(raw.strip()) in "\n".join(markup_of(first.json()))
    home = home_markup(bot)
    assert all(s in home for s in shown), home[:500]
    listing = bot.command("wins")
    assert all(s in "\n".join(markup_of(listing.json())) for s in shown)
    # The digest preview, run in the channel, too.
    preview = bot.command("digest preview", channel=TEAM_CHANNEL)
    assert all(s in "\n".join(markup_of(preview.json())) for s in shown)

    # "Ask for a blurb" on the modal-typed win pre-fills the text exactly as it was typed.
    before_open = count(bot.fake, "views.open")
    bot.click(ids.HOME_WIN_MENU, selected=f"{ids.MENU_BLURB}:{wins[2].id}", user=OWNER)
    ask_modal = modal_after(bot.fake, before=before_open)
    about = input_block(ask_modal, ids.BLURB_ABOUT_BLOCK)["element"]["initial_value"]
    assert about == clip(raw.strip(), BLURB_ABOUT_MAX)

    # The weekly digest: a summary in the channel and every win in its thread.
    done = tick(checkins=make_delivery(bot.db, bot.fake), now=DIGEST_AT).done
    assert done.get("digests_posted") == 1, done
    summary = bot.markup("chat.postMessage", channel=TEAM_CHANNEL)
    assert f"<@{OWNER}>" in summary and "3 wins" in summary
    thread = "\n".join(
        t
        for c in bot.fake.calls_to("chat.postMessage")
        if c.args.get("channel") == TEAM_CHANNEL and "thread_ts" in c.args
        for t in markup_of(c.args)
    )
    assert all(s in thread for s in shown), thread[:500]

    bot.assert_clean()


@pytest.mark.parametrize("name", list(CORPUS))
def test_win_a_digest_shows_is_escaped_for_a_teammate_too(bot: Bot, name: str) -> None:
    """Two members share into the same channel; each one's text stays inert next to the other's."""
    raw = sample(name, WIN_MAX)
    for user in (OWNER, KIM):
        command_then_home(bot, f"team <#{TEAM_CHANNEL}|team>", user=user)
    before = count(bot.fake, "response_url")
    bot.command("digest on", channel=TEAM_CHANNEL)
    bot.fake.wait_for("response_url", before + 1)
    command_then_home(bot, f"win {typed(raw)} share", user=OWNER)
    command_then_home(bot, f"win {typed(raw)} share", user=KIM)
    command_then_home(bot, f"win {typed('PRIVATE ' + sample(name, WIN_MAX - 8))}", user=KIM)

    done = tick(checkins=make_delivery(bot.db, bot.fake), now=DIGEST_AT).done
    assert done.get("digests_posted") == 1, done
    posted = bot.markup("chat.postMessage", channel=TEAM_CHANNEL)
    assert f"<@{OWNER}>" in posted and f"<@{KIM}>" in posted
    assert posted.count(escape(raw.strip())) >= 2
    assert "PRIVATE" not in posted
    bot.assert_clean()


# --- blurb requests and blurbs -----------------------------------------------------------------


def ask_by_command(bot: Bot, colleague: str, about_text: str) -> dict[str, Any]:
    before_reply, before_home = count(bot.fake, "response_url"), count(bot.fake, "views.publish")
    reply = bot.command(f"blurb <@{colleague}|them> {about_text}")
    assert reply.body == "", reply.text
    answer = bot.fake.wait_for("response_url", before_reply + 1)[before_reply].args
    wait_home(bot, before_home)
    return answer


def latest_request(bot: Bot) -> BlurbRequest:
    with bot.db.session() as session:
        row = session.scalar(select(BlurbRequest).order_by(BlurbRequest.id.desc()))
        assert row is not None
        return row


def write_blurb(bot: Bot, colleague: str, request_id: int, text: str, *, share: bool) -> None:
    before_open = count(bot.fake, "views.open")
    bot.click(ids.BLURB_WRITE, value=str(request_id), user=colleague, container="message")
    modal = modal_after(bot.fake, before=before_open)
    before_home = count(bot.fake, "views.publish")
    values = {ids.BLURB_TEXT_BLOCK: text, ids.BLURB_SHARE_BLOCK: ["share"] if share else []}
    reply = bot.submit(modal, values, user=colleague)
    assert reply.body == "", reply.body
    wait_home(bot, before_home)


@pytest.mark.parametrize("name", list(CORPUS))
def test_blurb_request_and_blurb_text_are_escaped_everywhere(bot: Bot, name: str) -> None:
    about = sample(name, BLURB_ABOUT_MAX)
    blurb = sample(name, BLURB_MAX)

    # 1. "What you helped with", typed in the command; Sam writes the blurb in the modal.
    answer = ask_by_command(bot, SAM, typed(about))
    request = latest_request(bot)
    assert request.about == about.strip()
    assert escape(about.strip()) in "\n".join(markup_of(answer))
    assert escape(about.strip()) in bot.markup("chat.postMessage", channel=SAM)
    write_blurb(bot, SAM, request.id, blurb, share=True)
    assert escape(about.strip()) in bot.markup("chat.update", channel=SAM)
    received = bot.markup("chat.postMessage", channel=OWNER)
    assert escape(clip(blurb.strip(), 2000)[:500]) in received

    # 2. The same keystrokes sent as Slack tokens; Sam says not now.
    ask_by_command(bot, SAM, about)
    request = latest_request(bot)
    assert request.about == decode(about).strip()
    before = count(bot.fake, "response_url")
    bot.click(ids.BLURB_NOT_NOW, value=str(request.id), user=SAM, container="message")
    closed = bot.fake.wait_for("response_url", before + 1)[before].args
    assert escape(decode(about).strip()) in "\n".join(markup_of(closed))

    # 3. Typed into the ask modal from a win's menu; Kim writes a private blurb.
    command_then_home(bot, "win Ran the design review")
    with bot.db.session() as session:
        win_id = session.scalar(select(Win.id).order_by(Win.id.desc()))
    before_open = count(bot.fake, "views.open")
    bot.click(ids.HOME_WIN_MENU, selected=f"{ids.MENU_BLURB}:{win_id}", user=OWNER)
    modal = modal_after(bot.fake, before=before_open)
    before_update, before_home = count(bot.fake, "views.update"), count(bot.fake, "views.publish")
    values = {ids.BLURB_COLLEAGUE_BLOCK: KIM, ids.BLURB_ABOUT_BLOCK: about}
    bot.submit(modal, values, user=OWNER)
    update = bot.fake.wait_for("views.update", before_update + 1)[before_update]
    wait_home(bot, before_home)
    assert escape(about.strip()) in "\n".join(markup_of(update.args))
    request = latest_request(bot)
    assert (request.colleague_user_id, request.about) == (KIM, about.strip())
    write_blurb(bot, KIM, request.id, blurb, share=False)

    # The Home tab lists both blurbs, escaped.
    before = count(bot.fake, "views.publish")
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    wait_home(bot, before)
    home = home_markup(bot)
    assert escape(clip(blurb.strip(), 600)).replace("\n", " ") in home
    assert home.count(f"<@{SAM}>") >= 1 and home.count(f"<@{KIM}>") >= 1

    bot.assert_clean()


@pytest.mark.parametrize("name", list(CORPUS))
def test_input_echoed_back_in_error_replies_is_escaped(bot: Bot, name: str) -> None:
    """Replies that quote what someone typed (an unknown word, a bad channel or weekday)."""
    raw = sample(name, 60)
    texts = [
        typed(raw),
        f"blurb {typed(raw)}",
        f"blurb {raw}",
        f"team {typed(raw)}",
        f"team {raw}",
        f"digest {raw}",
        f"digest on {typed(raw)}",
        f"done {raw}",
        f"schedule {raw}",
    ]
    for text in texts:
        bot.command(text)
    for text in texts:
        bot.command(text, channel=TEAM_CHANNEL)
    bot.assert_clean()


def test_overlong_input_is_refused_without_echoing_it(bot: Bot) -> None:
    long_win, long_about = sample("long", WIN_MAX + 50), sample("long", BLURB_ABOUT_MAX + 20)
    long_blurb = sample("long", BLURB_MAX + 20)

    reply = bot.command(f"win {typed(long_win)}")
    assert f"keep a win under {WIN_MAX}" in reply.text
    reply = bot.command(f"blurb <@{SAM}|sam> {typed(long_about)}")
    assert f"under {BLURB_ABOUT_MAX} characters" in reply.text

    before_open = count(bot.fake, "views.open")
    bot.click(ids.HOME_LOG_WIN, value="win", user=OWNER)
    modal = modal_after(bot.fake, before=before_open)
    reply = bot.submit(modal, {ids.WIN_TEXT_BLOCK: long_win}, user=OWNER)
    assert reply.json()["response_action"] == "errors"

    ask_by_command(bot, SAM, "helping with the launch")
    request = latest_request(bot)
    before_open = count(bot.fake, "views.open")
    bot.click(ids.BLURB_WRITE, value=str(request.id), user=SAM, container="message")
    modal = modal_after(bot.fake, before=before_open)
    reply = bot.submit(modal, {ids.BLURB_TEXT_BLOCK: long_blurb}, user=SAM)
    assert f"under {BLURB_MAX:,} characters" in reply.json()["errors"][ids.BLURB_TEXT_BLOCK]
    with bot.db.session() as session:
        assert session.scalar(select(Win.id)) is None
        assert session.get(BlurbRequest, request.id).blurb is None  # type: ignore[union-attr]
    bot.assert_clean()


def test_the_bots_own_copy_has_no_stray_markup(bot: Bot) -> None:
    """Placeholders like `<what you did>` in the bot's own messages must be escaped too, or Slack
    reads them as a link."""
    bot.command("help")
    bot.command("wins")
    bot.command("team")
    bot.command("digest", channel=TEAM_CHANNEL)
    bot.command("digest preview", channel=TEAM_CHANNEL)
    bot.command("blurb")
    before = count(bot.fake, "views.publish")
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    wait_home(bot, before)
    bot.assert_clean()
