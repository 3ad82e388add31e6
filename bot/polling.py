"""getUpdates that one unparsable update cannot stall.

PTB parses a whole getUpdates batch at once; one update it cannot parse (a newer Bot API shape,
a malformed field) fails the batch, the offset never moves, and the Updater asks for the same
batch again at once, for ever (measured: ~2,000 getUpdates/s, everyone else unanswered). This
request wrapper checks each update of a getUpdates answer before PTB sees it: an update that does
not parse is replaced by a bare `{"update_id": N}`, which PTB accepts and no handler matches, so
the offset moves past it and it is logged by its id only. An answer that cannot be used at all is
turned into a 502, which PTB's retry loop answers with a growing pause (1 s, 1.5 s, … 30 s).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

BAD_GATEWAY = 502
_UNUSABLE = json.dumps(
    {"ok": False, "error_code": BAD_GATEWAY, "description": "Bad Gateway: unusable getUpdates answer"}
).encode()


def _update_id(item: object) -> int | None:
    if isinstance(item, dict):
        value = item.get("update_id")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def sieve_updates(payload: bytes) -> tuple[int, bytes]:
    """(HTTP status, body) to hand PTB for a 200 getUpdates answer; see the module docstring."""
    try:
        document = json.loads(payload)
    except ValueError:
        return BAD_GATEWAY, _UNUSABLE
    if not isinstance(document, dict) or document.get("ok") is not True:
        return 200, payload  # Telegram's own error answer: PTB reads it as it is
    result = document.get("result")
    if not isinstance(result, list):
        return BAD_GATEWAY, _UNUSABLE
    kept: list[Any] = []
    changed = False
    for item in result:
        update_id = _update_id(item)
        if update_id is None:  # nothing to confirm it by: cannot be skipped, only dropped
            log.warning("getUpdates item without an update_id dropped")
            changed = True
            continue
        try:
            Update.de_json(item, None)
        except Exception as error:
            log.warning("update %d could not be parsed (%s): skipped", update_id, type(error).__name__)
            kept.append({"update_id": update_id})
            changed = True
            continue
        kept.append(item)
    if not changed:
        return 200, payload
    if result and not kept:
        return BAD_GATEWAY, _UNUSABLE
    return 200, json.dumps({"ok": True, "result": kept}).encode()


class SievingRequest(BaseRequest):
    """Wraps the getUpdates transport (HTTPXRequest in production, the stand-in in tests)."""

    __slots__ = ("_inner",)

    def __init__(self, inner: BaseRequest) -> None:
        self._inner = inner

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        status, payload = await self._inner.do_request(
            url,
            method,
            request_data=request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if status != 200 or not url.endswith("/getUpdates"):
            return status, payload
        return sieve_updates(payload)
