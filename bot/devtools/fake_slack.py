"""A local stand-in for Slack's Web API and response_url endpoints that records every call.

The bot is pointed at it with SLACK_API_URL, so tests exercise the real WebClient, retry
handlers and HTTP, and assert on what the bot actually sent. It lives in the package, not in
tests/, so the tests and a terminal session without a workspace (issue 11's `mgrbot shell`)
share one fake.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when many workers call at once, and a
    # dropped SYN is retried after a second: a delay Slack itself wouldn't add.
    request_queue_size = 128


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    path: str


@dataclass
class ScriptedReply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Answers like Slack for the methods the bot uses; `users` feeds users.info."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        # files_upload_v2's bytes, by file id (step 2 of its three: the upload itself).
        self.uploads: dict[str, bytes] = {}
        self._scripted: dict[str, deque[ScriptedReply]] = {}
        self.token_error: str | None = None
        self._outages: dict[str, ScriptedReply] = {}
        self._changed = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.01,), daemon=True
        )

    # lifecycle
    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/response/{name}"

    # scripting
    def add_user(self, user_id: str, *, tz: str = "UTC", **extra: Any) -> None:
        self.users[user_id] = {"id": user_id, "tz": tz, "deleted": False, "is_bot": False, **extra}

    def reject_token(self, error: str = "invalid_auth") -> None:
        """Answer every auth.test with `error`, as Slack does for a mistyped or revoked token."""
        self.token_error = error

    def script(self, method: str, *replies: ScriptedReply) -> None:
        """Answer the next calls to `method` with these replies, then normally again."""
        self._scripted.setdefault(method, deque()).extend(replies)

    def outage(self, method: str, reply: ScriptedReply) -> None:
        """Answer every call to `method` with `reply` until `recover(method)`."""
        with self._changed:
            self._outages[method] = reply

    def recover(self, method: str) -> None:
        with self._changed:
            self._outages.pop(method, None)

    # inspection
    def uploaded(self) -> list[tuple[str, str, bytes]]:
        """Every file completed into a channel: (channel, title, bytes), in order."""
        done = []
        for call in self.calls_to("files.completeUploadExternal"):
            for f in _files(call.args):
                content = self.uploads.get(str(f.get("id")), b"")
                done.append((str(call.args.get("channel_id")), str(f.get("title")), content))
        return done

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until `count` calls to `method` arrived (the bot works after its ack)."""
        with self._changed:
            ok = self._changed.wait_for(
                lambda: sum(1 for c in self.calls if c.method == method) >= count, timeout
            )
            found = [c for c in self.calls if c.method == method]
        if not ok:
            seen = [c.method for c in self.calls]
            raise AssertionError(f"expected {count} call(s) to {method}, got {seen}")
        return found

    def _record(self, call: Call) -> ScriptedReply:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
            if call.method in self._outages:
                return self._outages[call.method]
            queue = self._scripted.get(call.method)
            if queue:
                return queue.popleft()
        return ScriptedReply(200, self._answer(call))

    def _answer(self, call: Call) -> dict[str, Any]:
        method, args = call.method, call.args
        if method == "auth.test" and self.token_error:
            return {"ok": False, "error": self.token_error}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "t"}
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V1", **_as_dict(args.get("view"))}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{args.get('users', '')}"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.calls)}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return {
                "ok": True,
                "files": [{"id": f.get("id"), "title": f.get("title")} for f in _files(args)],
            }
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": f"{len(self.calls)}.000100"}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._handle(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._handle(self.rfile.read(length))

            def _handle(self, raw: bytes) -> None:
                url = urlparse(self.path)
                if url.path.startswith("/upload/"):
                    file_id = url.path.removeprefix("/upload/")
                    fake.uploads[file_id] = raw
                    fake._record(Call("upload", {"file_id": file_id, "size": len(raw)}, url.path))
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"OK")
                    return
                args: dict[str, Any] = {k: v[-1] for k, v in parse_qs(url.query).items()}
                if raw:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        args.update(json.loads(raw))
                    else:
                        args.update({k: v[-1] for k, v in parse_qs(raw.decode()).items()})
                if url.path.startswith("/api/"):
                    method = url.path.removeprefix("/api/")
                else:
                    method = "response_url"
                    args["_url"] = url.path
                reply = fake._record(Call(method, args, url.path))
                payload = b"ok" if method == "response_url" else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                ctype = "text/plain" if method == "response_url" else "application/json"
                self.send_header("Content-Type", ctype)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


def _files(args: dict[str, Any]) -> list[Any]:
    """files.completeUploadExternal's `files`: a JSON string in a form post, a list in JSON."""
    files = args.get("files")
    return json.loads(files) if isinstance(files, str) else files or []


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    return value if isinstance(value, dict) else {}
