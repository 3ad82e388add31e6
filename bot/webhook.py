"""The webhook receiver: a small tornado server that feeds `application.update_queue`.

PTB's own webhook server buffers the whole body before it looks at the secret (a 90 MB POST
without the secret was read in full) and compares the secret with `!=`. Here the request is
judged on its headers alone, before one byte of the body is read: the secret in
`X-Telegram-Bot-Api-Secret-Token` (constant-time compare), then the declared length. A refused
request is answered and its connection closed, so the body is never read. Telegram's updates are
a few KB; 1 MB leaves room for the largest message plus its entities.

An update that cannot be parsed is logged by its update_id only and answered 200, so Telegram
does not redeliver it for ever.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import HTTPError, RequestHandler, stream_request_body

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024
URL_PATH = "/telegram"
BODY_TIMEOUT_SECONDS = 10.0  # a slow sender cannot hold a connection open for ever
_LENGTH = re.compile(r"[0-9]{1,12}")


@stream_request_body
class _UpdateReceiver(RequestHandler):
    def initialize(self, bot_application: Application, secret: bytes) -> None:
        self._application = bot_application
        self._secret = secret
        self._chunks: list[bytes] = []
        self._size = 0

    def prepare(self) -> None:
        """Runs once the headers are in and before the body is read (stream_request_body)."""
        if self.request.method != "POST":
            raise HTTPError(405)
        given = self.request.headers.get(SECRET_HEADER, "").encode("latin-1", "replace")
        if not hmac.compare_digest(given, self._secret):
            raise HTTPError(403)
        length = self.request.headers.get("Content-Length")
        if length is None:  # Telegram always sends one; chunked bodies would hide their size
            raise HTTPError(411)
        if not _LENGTH.fullmatch(length):
            raise HTTPError(400)
        if int(length) > MAX_BODY_BYTES:
            raise HTTPError(413)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > MAX_BODY_BYTES:  # more than it declared
            raise HTTPError(413)
        self._chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self._chunks))
        except ValueError:
            raise HTTPError(400) from None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        try:
            update = Update.de_json(data, self._application.bot)
        except Exception as error:
            log.warning("update %s could not be parsed (%s): skipped", update_id, type(error).__name__)
            return
        await self._application.update_queue.put(update)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Status line only: nothing about the bot for whoever is probing."""

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # Refusals are expected: tornado's access log keeps their status line, no traceback.
        if not isinstance(value, HTTPError):
            super().log_exception(typ, value, tb)


class WebhookServer:
    """Listens on `listen:port` (port 0 picks a free one; see `port` after start)."""

    def __init__(self, application: Application, secret: str, listen: str, port: int) -> None:
        self._application = application
        self._secret = secret.encode()
        self._listen = listen
        self.port = port
        self._server: HTTPServer | None = None

    async def start(self) -> None:
        routes = [(URL_PATH, _UpdateReceiver, {"bot_application": self._application, "secret": self._secret})]
        server = HTTPServer(
            TornadoApplication(routes),
            max_body_size=MAX_BODY_BYTES,
            body_timeout=BODY_TIMEOUT_SECONDS,
            idle_connection_timeout=60,
        )
        sockets = bind_sockets(self.port, address=self._listen)
        server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        self._server = server

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
