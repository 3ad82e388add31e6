"""PTB networking backend that talks to a `FakeBotApi` in the same process: no sockets.

api = FakeBotApi()
app = (ApplicationBuilder().token("123:ABC")
       .request(StandinRequest(api)).get_updates_request(StandinRequest(api)).build())
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.standin.core import FakeBotApi, Files


class StandinRequest(BaseRequest):
    """Decodes PTB's RequestData the way an HTTP transport would and calls `FakeBotApi.handle`."""

    __slots__ = ("_api", "_read_timeout")

    def __init__(self, api: FakeBotApi, *, read_timeout: float | None = 5.0) -> None:
        self._api = api
        self._read_timeout = read_timeout

    @property
    def api(self) -> FakeBotApi:
        return self._api

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

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
        api_method = urlsplit(url).path.rsplit("/", 1)[-1]
        if method != "POST":  # file downloads (`retrieve`) are not part of the stand-in
            body = {"ok": False, "error_code": 404, "description": "Not Found"}
            return 404, json.dumps(body).encode()
        # json_parameters is exactly what HTTPXRequest puts in the form body, so both transports
        # hand the core the same strings.
        params = dict(request_data.json_parameters) if request_data else {}
        files: Files = {}
        if request_data and request_data.contains_files:
            for part, (filename, content, _mime) in request_data.multipart_data.items():
                files[part] = (filename, content if isinstance(content, bytes) else content.read())
        status, body = await self._api.handle(api_method, params, files)
        return status, json.dumps(body).encode()
