"""Logging that cannot leak health data or the token.

Only our own code (`bot.*`, `handlers.*`) may log below INFO: libraries log what they handle at
DEBUG (aiosqlite every statement with its parameters, PTB whole updates, httpx request URLs that
contain the token), so every other logger is held at INFO or above whatever LOG_LEVEL says, and
httpx/httpcore/apscheduler at WARNING. Two filters on the handler are the last line of defence:
library records lose any argument that could be an update payload (PTB logs an unparsable update
whole at CRITICAL), and the token is masked in every record.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import IO

OWN_LOGGERS = ("bot", "handlers", "__main__")
# Libraries whose records we know carry data; held explicitly so they skip formatting entirely.
LIBRARY_FLOORS = {
    "aiosqlite": logging.INFO,
    "telegram": logging.INFO,
    "apscheduler": logging.WARNING,
    "httpx": logging.WARNING,  # logs every request URL, and the Bot API URL contains the token
    "httpcore": logging.WARNING,
    "asyncio": logging.INFO,
    "aiohttp": logging.INFO,
    "matplotlib": logging.INFO,
    "PIL": logging.INFO,
    "fpdf": logging.INFO,
    "dateparser": logging.INFO,
    "tzlocal": logging.INFO,
}
HIDDEN = "[hidden]"
_PAYLOAD_MARKERS = ("update_id", "'text'", '"text"', "'message'", '"message"')


def is_own(name: str) -> bool:
    return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


class LibraryDebugFilter(logging.Filter):
    """Drops DEBUG records from any logger that is not ours, whichever library it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO or is_own(record.name)


def _safe_arg(value: object) -> object:
    # Numbers and short words are what libraries log about themselves; containers, bytes and
    # Telegram objects are data (an update dict, a request body).
    if value is None or isinstance(value, bool | int | float | BaseException):
        return value
    if isinstance(value, str):
        return HIDDEN if any(marker in value for marker in _PAYLOAD_MARKERS) else value
    return HIDDEN


class PayloadFilter(logging.Filter):
    """Removes update payloads from library records (our own code never logs them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if is_own(record.name):
            return True
        if isinstance(record.args, Mapping):
            record.args = {key: _safe_arg(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_safe_arg(value) for value in record.args)
        if not isinstance(record.msg, str):
            record.msg, record.args = HIDDEN, None
        elif any(marker in record.msg for marker in _PAYLOAD_MARKERS):
            record.msg, record.args = "library record withheld: it may contain an update", None
        return True


class RedactFilter(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "[REDACTED]")
            record.msg, record.args = message, None
        return True


def configure_logging(level: str, secrets: list[str], stream: IO[str] | None = None) -> logging.Handler:
    """One handler on the root logger at `level`; returns it (tests read what it wrote)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(LibraryDebugFilter())
    handler.addFilter(PayloadFilter())
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    numeric = logging.getLevelName(level)
    root.setLevel(numeric)
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, numeric))
    return handler
