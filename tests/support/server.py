"""Serve the real WSGI app (`bot.web.WebApp`) on a local port in a thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from socketserver import ThreadingMixIn
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

T = TypeVar("T")


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class AppServer:
    def __init__(self, wsgi_app: Any) -> None:
        self._server = make_server(
            "127.0.0.1",
            0,
            wsgi_app,
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.01,), daemon=True
        )

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> AppServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class ListenerPool(ThreadPoolExecutor):
    """Bolt's pool for the work listeners do after the ack, counting what is still running.

    The fixture waits for it (`settle`) before a test ends, so no listener of one test is
    still writing while the next test's database is reset, or still posting to a fake Slack
    the next test reads.
    """

    def __init__(self) -> None:
        super().__init__(max_workers=10, thread_name_prefix="listener")
        self._running = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._changed:
            self._running += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _: Future[Any]) -> None:
        with self._changed:
            self._running -= 1
            self._changed.notify_all()

    def settle(self, timeout: float = 30.0) -> None:
        """Return once no listener is running; fail the test if one runs past `timeout`."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._running == 0, timeout=timeout):
                raise AssertionError(f"{self._running} listener(s) still running at teardown")
