"""The engine behind `mgrbot shell`: the real app, a fake Slack, a clock the shell moves.

Requests go into the real Bolt app exactly as Slack sends them (signed, through `dispatch`,
with every middleware and listener), and what the app sends back to Slack is read off the fake
Slack's record of calls and turned into `Output`s: a DM, a channel post, an ephemeral reply,
the Home tab, a modal. Listeners run inline (not on Bolt's thread pool), so when a call
returns, everything it caused has happened.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from slack_bolt import App, BoltRequest, BoltResponse

from bot.config import Settings
from bot.db import Database, upgrade_to_head
from bot.devtools import slack_payloads, timeline
from bot.devtools.fake_slack import Call, FakeSlack, ScriptedReply
from bot.devtools.render import Control
from bot.devtools.workspace import TEAM_ID, Person, Workspace, is_dm
from bot.domain.moves import Move
from bot.jobs.checkins import CheckinDelivery
from bot.jobs.pacing import Pacer
from bot.jobs.tick import TickReport, tick
from bot.services import departures
from bot.slack.app import build_app
from bot.slack.client import SlackClient, make_web_client
from bot.slack.context import Deps

SECRET = "mgrbot-shell-signing-secret"
BOT_TOKEN = "xoxb-mgrbot-shell"

P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each submitted function at once, in the caller's thread."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class ShellClock:
    """The app's clock: runs with real time from where the shell last set it."""

    def __init__(self, start: dt.datetime) -> None:
        self._anchor = start
        self._since = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._anchor + dt.timedelta(seconds=time.monotonic() - self._since)

    def set(self, instant: dt.datetime) -> None:
        self._anchor = instant.astimezone(dt.UTC)
        self._since = time.monotonic()


class ShellSlack(FakeSlack):
    """The fake Slack with what a session needs beyond the tests' fake: message timestamps
    taken from the shell's clock, one id per opened view, and each call's answer kept."""

    def __init__(self, workspace: Workspace, clock: Callable[[], dt.datetime]) -> None:
        super().__init__()
        self._clock = clock
        self._serial = 0
        self._answers: list[tuple[Call, dict[str, Any]]] = []
        self._taken = 0
        self.bot_in = {c.channel_id for c in workspace.channels if c.bot_member}
        for person in workspace.people:
            self.add_user(
                person.user_id, tz=person.tz, team_id=TEAM_ID, **workspace.users_info(person)
            )

    def _record(self, call: Call) -> ScriptedReply:
        reply = super()._record(call)
        with self._changed:
            self._answers.append((call, reply.body))
        return reply

    def take_answers(self) -> list[tuple[Call, dict[str, Any]]]:
        """The calls answered since the last take, each with the answer the app got."""
        with self._changed:
            fresh = self._answers[self._taken :]
            self._taken = len(self._answers)
        return fresh

    def _answer(self, call: Call) -> dict[str, Any]:
        channel = str(call.args.get("channel") or "")
        if (
            call.method == "chat.postMessage"
            and channel.startswith("C")
            and channel not in self.bot_in
        ):
            return {"ok": False, "error": "not_in_channel"}
        body = super()._answer(call)
        with self._changed:
            self._serial += 1
            serial = self._serial
        if call.method == "chat.postMessage" and body.get("ok"):
            body["ts"] = f"{int(self._clock().timestamp())}.{serial:06d}"
        if call.method in ("views.open", "views.push") and body.get("ok"):
            body["view"] = {**body["view"], "id": f"V{serial:05d}"}
        if call.method in ("views.update",) and body.get("ok"):
            body["view"] = {**body["view"], "id": call.args.get("view_id")}
        return body


@dataclass
class Surface:
    """Something on someone's screen that the bot wrote: a message, the Home tab or a modal."""

    key: str
    kind: str  # dm, channel, thread, ephemeral, home, modal
    viewer: str | None  # the one person who sees it; None for a channel post
    channel: str
    body: dict[str, Any]  # the message (text, blocks) or the view
    ts: str = ""
    view_id: str = ""
    version: int = 0
    open: bool = True

    @property
    def is_view(self) -> bool:
        return self.kind in ("home", "modal")


@dataclass(frozen=True)
class Output:
    """One thing the person would notice: `change` is new, updated or removed."""

    surface: Surface
    change: str
    at: dt.datetime


@dataclass
class Result:
    """What one request caused; `problem` says what went wrong in words, if anything did."""

    outputs: list[Output] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # a modal's inline errors
    problem: str = ""
    ticks: list[TickReport] = field(default_factory=list)


class _Errors(logging.Handler):
    """Collects what the app logs at ERROR, so the shell can say the bot hit a bug."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        detail = f": {record.exc_info[1]!r}" if record.exc_info and record.exc_info[1] else ""
        self.seen.append(record.getMessage() + detail)


def shell_settings(database_url: str, api_url: str, *, moves_file: str | None = None) -> Settings:
    """Settings for an in-process session; nothing is read from `.env` or the environment."""
    values: dict[str, Any] = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "DATABASE_URL": database_url,
        "SLACK_API_URL": api_url,
        "SCHEDULER_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }
    if moves_file:
        values["MOVES_FILE"] = moves_file
    return Settings.model_validate(values)


class Session:
    """One shell session: start it, send it what a person does, read what they'd see."""

    def __init__(
        self,
        *,
        database_url: str,
        workspace: Workspace,
        library: list[Move],
        start: dt.datetime,
        files_dir: Path | None = None,
    ) -> None:
        self.workspace = workspace
        # Where files the bot puts in a DM are saved, so a person can open the packet's PDF.
        self.files_dir = files_dir
        self.clock = ShellClock(start)
        self.slack = ShellSlack(workspace, self.clock)
        self.slack.start()
        settings = shell_settings(database_url, self.slack.api_url)
        upgrade_to_head(settings.database_url)
        self.db = Database(settings.database_url)
        self.app: App = build_app(
            settings,
            Deps(
                db=self.db,
                library=library,
                clock=self.clock,
                stale_after=settings.stakeholder_stale_after,
            ),
            verify_token=False,
            listener_executor=InlineExecutor(),
        )
        web = make_web_client(token=BOT_TOKEN, base_url=self.slack.api_url)
        self.delivery = CheckinDelivery(
            db=self.db,
            slack=SlackClient(web, departed=departures.checker(self.db)),
            library=library,
            stale_after=settings.stakeholder_stale_after,
            workers=1,
            pacer=Pacer(None),
        )
        self.surfaces: dict[str, Surface] = {}
        self.modals: list[Surface] = []
        self._serial = 0
        self._triggers: dict[str, str] = {}  # trigger id -> the user it was given to
        self._answering: dict[str, tuple[str, str]] = {}  # response_url name -> (surface, user)
        self._files: dict[str, str] = {}  # uploaded file id -> its filename
        self._errors = _Errors()
        logging.getLogger().addHandler(self._errors)
        with self.db.session() as session:
            latest = timeline.latest_activity(session)
        if latest is not None and latest >= self.clock():
            self.clock.set(latest + dt.timedelta(minutes=1))

    def close(self) -> None:
        logging.getLogger().removeHandler(self._errors)
        self.slack.stop()
        self.db.engine.dispose()

    # what a person does
    def command(self, text: str, *, user: Person, channel: str, channel_name: str) -> Result:
        response_url = self._response_url(surface="", user=user.user_id)
        body = slack_payloads.command_body(
            self.workspace.as_slack_sends(text),
            response_url=response_url,
            trigger_id=self._trigger(user.user_id),
            user=user.user_id,
            team=TEAM_ID,
            channel=channel,
            channel_name=channel_name,
        )
        result = Result()
        reply = self._dispatch(body, slack_payloads.FORM, result)
        if reply.status != 200 and not result.problem:
            result.problem = f"the bot answered {reply.status}: {reply.body[:200]}"
        elif reply.body:
            message = _json_or_text(reply.body)
            surface = self._new("ephemeral", viewer=user.user_id, channel=channel, body=message)
            self._answering[response_url.rsplit("/", 1)[1]] = (surface.key, user.user_id)
            result.outputs.append(Output(surface, "new", self.clock()))
        self._collect(result)
        return result

    def invite_bot(self, channel: str) -> bool:
        """`/invite @mgr-goal` in a channel: the bot may post there from now on. False when
        it already could."""
        if channel in self.slack.bot_in:
            return False
        self.slack.bot_in.add(channel)
        return True

    def open_home(self, user: Person) -> Result:
        event = {
            "type": "app_home_opened",
            "user": user.user_id,
            "channel": user.dm_channel,
            "tab": "home",
            "event_ts": f"{self.clock().timestamp():.6f}",
        }
        self._serial += 1
        payload = slack_payloads.event_payload(event, team=TEAM_ID, event_id=f"Ev{self._serial}")
        result = Result()
        self._dispatch(json.dumps(payload), "application/json", result)
        self._collect(result)
        return result

    def press(self, surface: Surface, control: Control, *, user: str) -> Result:
        """Press a control on `surface` as `user` (who must be able to see it)."""
        result = Result()
        payload = self._action_payload(surface, control, user)
        reply = self._dispatch(
            slack_payloads.interactive_body(payload), slack_payloads.FORM, result
        )
        if reply.status == 404:
            result.problem = f"nothing in the bot handles {control.action_id!r}"
        self._collect(result)
        return result

    def submit(self, modal: Surface, values: dict[str, Any], *, user: str) -> Result:
        """Submit the open modal with `values` (block id -> value, as forms.answer gives)."""
        result = Result()
        payload = slack_payloads.view_submission_payload(
            modal.body,
            values,
            view_id=modal.view_id,
            trigger_id=self._trigger(user),
            user=user,
            team=TEAM_ID,
        )
        reply = self._dispatch(
            slack_payloads.interactive_body(payload), slack_payloads.FORM, result
        )
        answer = _json_or_text(reply.body) if reply.body else {}
        action = answer.get("response_action")
        if action == "errors":
            result.errors = {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
        elif action == "update":
            self._replace(modal, answer.get("view") or {}, result)
        elif action == "push":
            pushed = self._new("modal", viewer=user, channel="", body=answer.get("view") or {})
            pushed.view_id = self._view_id()
            self.modals.append(pushed)
            result.outputs.append(Output(pushed, "new", self.clock()))
        elif action == "clear":
            for open_modal in list(self.modals):
                self._close(open_modal)
        else:
            self._close(modal)
        self._collect(result)
        return result

    def cancel(self, modal: Surface) -> None:
        """Close a modal without submitting it (the bot doesn't listen for view_closed)."""
        self._close(modal)

    def top_modal(self) -> Surface | None:
        return self.modals[-1] if self.modals else None

    # time
    def run_until(self, instant: dt.datetime) -> Result:
        """Move the clock to `instant`, ticking at every moment work falls due on the way."""
        result = Result()
        target = instant.astimezone(dt.UTC)
        self._tick(self.clock(), result)
        for _ in range(10_000):  # a bound, in case a column kept naming the same instant
            with self.db.session() as session:
                due = timeline.next_due(session, after=self.clock())
            if due is None or due > target:
                break
            self.clock.set(due)
            self._tick(due, result)
        if target > self.clock():
            self.clock.set(target)
            self._tick(target, result)
        return result

    def catch_up(self) -> Result:
        """Run what fell due while the person was typing, as the minute scheduler would."""
        return self.run_until(self.clock())

    def _tick(self, at: dt.datetime, result: Result) -> None:
        report = tick(checkins=self.delivery, now=at)
        if report.done:
            result.ticks.append(report)
        self._collect(result)

    # Slack's side
    def _trigger(self, user: str) -> str:
        self._serial += 1
        trigger = f"{self._serial}.shell"
        self._triggers[trigger] = user
        return trigger

    def _response_url(self, *, surface: str, user: str) -> str:
        self._serial += 1
        name = f"r{self._serial}"
        self._answering[name] = (surface, user)
        return self.slack.response_url(name)

    def _view_id(self) -> str:
        self._serial += 1
        return f"VSHELL{self._serial}"

    def _new(self, kind: str, *, viewer: str | None, channel: str, body: dict[str, Any]) -> Surface:
        self._serial += 1
        surface = Surface(f"s{self._serial}", kind, viewer, channel, body)
        self.surfaces[surface.key] = surface
        return surface

    def _dispatch(self, body: str, content_type: str, result: Result) -> BoltResponse:
        headers: dict[str, str | Sequence[str]] = dict(
            slack_payloads.signed_headers(body, content_type, secret=SECRET)
        )
        before = len(self._errors.seen)
        response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        if len(self._errors.seen) > before:
            result.problem = "the bot hit an error: " + "; ".join(self._errors.seen[before:])
        elif response.status >= 500:
            result.problem = f"the bot answered {response.status}"
        return response

    def _action_payload(self, surface: Surface, control: Control, user: str) -> dict[str, Any]:
        action = block_action(control, action_ts=f"{self.clock().timestamp():.6f}")
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "shell"},
            "user": {"id": user, "team_id": TEAM_ID, "username": self.workspace.user_name(user)},
            "api_app_id": "A1",
            "trigger_id": self._trigger(user),
            "actions": [action],
        }
        if surface.is_view:
            view = surface.body
            payload["container"] = {"type": "view", "view_id": surface.view_id}
            payload["view"] = {
                "id": surface.view_id,
                "type": view.get("type") or surface.kind,
                "callback_id": view.get("callback_id") or "",
                "private_metadata": view.get("private_metadata") or "",
                "blocks": view.get("blocks") or [],
                "state": {"values": {}},
            }
            return payload
        ts = surface.ts or f"{int(self.clock().timestamp())}.000000"
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": surface.channel,
            "is_ephemeral": surface.kind == "ephemeral",
        }
        payload["channel"] = {
            "id": surface.channel,
            "name": self.workspace.channel_name(surface.channel),
        }
        if surface.kind != "ephemeral":
            payload["message"] = {"ts": ts, **surface.body}
        payload["response_url"] = self._response_url(surface=surface.key, user=user)
        return payload

    def _collect(self, result: Result) -> None:
        """Turn the calls the app made since last time into outputs."""
        for call, answer in self.slack.take_answers():
            self._apply(call, answer, result)

    def _apply(self, call: Call, answer: dict[str, Any], result: Result) -> None:
        args, method, now = call.args, call.method, self.clock()
        if not answer.get("ok", True) and method != "response_url":
            return
        if method == "chat.postMessage":
            channel = str(args.get("channel") or "")
            in_dm = is_dm(channel)
            kind = "thread" if args.get("thread_ts") else "dm" if in_dm else "channel"
            viewer = channel if in_dm else None
            surface = self._new(kind, viewer=viewer, channel=channel, body=_message(args))
            surface.ts = str(answer.get("ts") or "")
            result.outputs.append(Output(surface, "new", now))
        elif method == "chat.update":
            found = self._message_at(str(args.get("channel")), str(args.get("ts")))
            if found is not None:
                found.body, found.version = _message(args), found.version + 1
                result.outputs.append(Output(found, "updated", now))
        elif method == "response_url":
            self._respond(args, result)
        elif method == "files.getUploadURLExternal":
            self._files[str(answer.get("file_id"))] = str(args.get("filename") or "file")
        elif method == "files.completeUploadExternal":
            self._uploaded(args, result)
        elif method == "views.publish":
            self._publish_home(str(args.get("user_id")), _view(args), result)
        elif method in ("views.open", "views.push"):
            user = self._triggers.get(str(args.get("trigger_id")), "")
            modal = self._new("modal", viewer=user, channel="", body=_view(args))
            modal.view_id = str((answer.get("view") or {}).get("id") or self._view_id())
            self.modals.append(modal)
            result.outputs.append(Output(modal, "new", now))
        elif method == "views.update":
            target = next(
                (s for s in self.surfaces.values() if s.view_id == args.get("view_id") and s.open),
                None,
            )
            if target is not None:
                self._replace(target, _view(args), result)

    def _uploaded(self, args: dict[str, Any], result: Result) -> None:
        """Files put in a DM: a message with the comment and one 📎 line a file."""
        channel = str(args.get("channel_id") or "")
        user = channel.removeprefix("D")
        listed = _decoded(args.get("files"))
        lines = [str(args.get("initial_comment") or "")]
        for entry in listed if isinstance(listed, list) else []:
            file_id = str(entry.get("id"))
            filename = self._files.get(file_id, "file")
            content = self.slack.uploads.get(file_id, b"")
            line = attachment_line(filename, content)
            saved = self._save(filename, content)
            lines.append(f"{line}: saved as {saved}" if saved else line)
        body = {"text": "\n".join(line for line in lines if line), "blocks": []}
        surface = self._new("dm", viewer=user, channel=user, body=body)
        result.outputs.append(Output(surface, "new", self.clock()))

    def _save(self, filename: str, content: bytes) -> Path | None:
        """The file in `files_dir` (a name already there gets -2, -3…); None when not saving.
        Only the name's last part is used, so a file can't be written anywhere else."""
        if self.files_dir is None:
            return None
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = Path(filename).name or "file"
        stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
        target, n = self.files_dir / name, 1
        while target.exists():
            n += 1
            target = self.files_dir / f"{stem}-{n}{dot}{suffix}"
        target.write_bytes(content)
        return target

    def _respond(self, args: dict[str, Any], result: Result) -> None:
        name = str(args.get("_url") or "").rsplit("/", 1)[-1]
        key, user = self._answering.get(name, ("", ""))
        original = self.surfaces.get(key)
        now = self.clock()
        if args.get("delete_original") and original is not None:
            original.open = False
            result.outputs.append(Output(original, "removed", now))
        elif _truthy(args.get("replace_original")) and original is not None:
            original.body, original.version = _message(args), original.version + 1
            result.outputs.append(Output(original, "updated", now))
        else:
            channel = original.channel if original else ""
            in_channel = args.get("response_type") == "in_channel"
            kind = "channel" if in_channel else "ephemeral"
            surface = self._new(
                kind, viewer=None if in_channel else user, channel=channel, body=_message(args)
            )
            self._answering[name] = (surface.key, user)
            result.outputs.append(Output(surface, "new", now))

    def _publish_home(self, user: str, view: dict[str, Any], result: Result) -> None:
        home = self.surfaces.get(f"home-{user}")
        if home is None:
            home = Surface(f"home-{user}", "home", user, "", view, view_id=f"VHOME{user}")
            self.surfaces[home.key] = home
        else:
            home.body, home.version = view, home.version + 1
        result.outputs.append(Output(home, "updated" if home.version else "new", self.clock()))

    def _replace(self, surface: Surface, view: dict[str, Any], result: Result) -> None:
        surface.body, surface.version = view, surface.version + 1
        result.outputs.append(Output(surface, "updated", self.clock()))

    def _close(self, modal: Surface) -> None:
        modal.open = False
        if modal in self.modals:
            self.modals.remove(modal)

    def _message_at(self, channel: str, ts: str) -> Surface | None:
        return next(
            (s for s in self.surfaces.values() if s.channel == channel and s.ts == ts), None
        )

    def home_of(self, user: str) -> Surface | None:
        return self.surfaces.get(f"home-{user}")


def block_action(control: Control, *, action_ts: str) -> dict[str, Any]:
    """The `actions` entry Slack sends when `control` is pressed: a button with its value, or
    a menu (overflow, select, radio buttons) with the chosen option."""
    action: dict[str, Any] = {
        "action_id": control.action_id,
        "block_id": control.block_id,
        "type": control.kind,
        "action_ts": action_ts,
    }
    if control.kind == "button":
        action.update(value=control.value, text={"type": "plain_text", "text": control.label})
    else:
        action["selected_option"] = {
            "text": {"type": "plain_text", "text": control.option_text or control.label},
            "value": control.value,
        }
    return action


def _json_or_text(body: str) -> dict[str, Any]:
    """An ack body: Slack takes JSON (a message, or a modal's response_action) or plain text."""
    try:
        value = json.loads(body)
    except json.JSONDecodeError:
        return {"text": body}
    return value if isinstance(value, dict) else {"text": body}


def _truthy(value: object) -> bool:
    return value is True or str(value).lower() == "true"


def _decoded(value: object) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def attachment_line(filename: str, content: bytes) -> str:
    """`📎 packet.pdf (42 KB, PDF)`: how the shell shows a file put in a DM."""
    kind = filename.rsplit(".", 1)[-1].upper() if "." in filename else "file"
    kind = {"MD": "Markdown"}.get(kind, kind)
    size = f"{max(1, round(len(content) / 1024))} KB"
    return f"📎 {filename} ({size}, {kind})"


def _message(args: dict[str, Any]) -> dict[str, Any]:
    blocks = _decoded(args.get("blocks"))
    return {
        "text": str(args.get("text") or ""),
        "blocks": blocks if isinstance(blocks, list) else [],
    }


def _view(args: dict[str, Any]) -> dict[str, Any]:
    view = _decoded(args.get("view"))
    return view if isinstance(view, dict) else {}
