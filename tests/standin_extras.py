"""The tests' Bot API stand-in: the product's lean `bot.standin` core plus what only tests and
benchmarks need — fault injection, blocked users, a flood limit (token bucket), webhooks and their
conflicts with polling, a second poller's conflict, strict chats, groups, stickers/photos/voice,
edits, `my_chat_member`, raw updates, and rendering of the parse modes the bot never uses.

Import `FakeBotApi` from here in tests; the demo uses `bot.standin.core.FakeBotApi`.
"""

from __future__ import annotations

import copy
import html
import re
import time
from dataclasses import dataclass
from http import HTTPStatus

from bot.standin import core
from bot.standin.core import SEND_METHODS
from bot.standin.objects import StoredFile, command_entities, private_chat_json
from bot.standin.records import Files, JsonDict, RecordedCall
from bot.standin.validation import ApiError, bad_request

__all__ = ["FakeBotApi", "Files", "RecordedCall", "render_text"]

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass(slots=True)
class _Fault:
    status: int
    description: str
    retry_after: int | None
    times: int


_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
# Characters MarkdownV2 reserves that never start formatting, so an unescaped one is always an error.
_MDV2_ALWAYS_ESCAPE = frozenset("#+-={}.!")
_MDV2_FORMATTING = frozenset("*_~|`")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _render_html(text: str) -> str:
    plain: list[str] = []
    open_tags: list[str] = []
    pos = 0
    while (start := text.find("<", pos)) >= 0:
        plain.append(text[pos:start])
        offset = len(text[:start].encode())
        match = _HTML_TAG.match(text, start)
        name = match.group(2).lower() if match else text[start + 1 : start + 2]
        if match is None or name not in _HTML_TAGS:
            raise bad_request(
                f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
            )
        if match.group(1):
            if not open_tags or open_tags[-1] != name:
                expected = f'"</{open_tags[-1]}>"' if open_tags else "no end tag"
                raise bad_request(
                    f"can't parse entities: Unmatched end tag at byte offset {offset}, "
                    f'expected {expected}, found "</{name}>"'
                )
            open_tags.pop()
        else:
            open_tags.append(name)
        pos = match.end()
    if open_tags:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{open_tags[-1]}\""
        )
    plain.append(text[pos:])
    return html.unescape("".join(plain))


def _render_markdown_v2(text: str) -> str:
    """Checks the reserved-character rule (the usual MarkdownV2 failure) and drops the markup.

    Formatting balance is not checked; code spans are copied verbatim.
    """
    text = _MD_LINK.sub(r"\1", text)
    plain: list[str] = []
    in_code = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            plain.append(text[i + 1])
            i += 2
            continue
        if char == "`":
            in_code = not in_code
        elif in_code:
            plain.append(char)
        elif char in _MDV2_FORMATTING:
            pass
        elif char in _MDV2_ALWAYS_ESCAPE or (char == ">" and i > 0 and text[i - 1] != "\n"):
            raise bad_request(
                f"can't parse entities: Character '{char}' is reserved and must be escaped "
                "with the preceding '\\'"
            )
        elif char == ">":
            pass  # a blockquote marker at the start of a line
        else:
            plain.append(char)
        i += 1
    return "".join(plain)


def _render_markdown_v1(text: str) -> str:
    """Legacy Markdown: every `*`, `_`, `` ` `` and `[` opens an entity that must be closed.

    The classic failure is user text such as a username with an underscore.
    """
    plain: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in "_*`[":
            plain.append(text[i + 1])
            i += 2
            continue
        end = text.find(char, i + 1) if char in "*_`" else -1
        link = _MD_LINK.match(text, i) if char == "[" else None
        if char in "*_`[" and end < 0 and link is None:
            offset = len(text[:i].encode())
            raise bad_request(
                f"can't parse entities: Can't find end of the entity starting at byte offset {offset}"
            )
        if link is not None:
            plain.append(link.group(1))
            i = link.end()
        elif end >= 0:
            plain.append(text[i + 1 : end])
            i = end + 1
        else:
            plain.append(char)
            i += 1
    return "".join(plain)


def check_webhook(url: str, secret_token: object) -> None:
    # Real Telegram also demands HTTPS on ports 443/80/88/8443; local tests need plain http, so
    # only obviously broken URLs are refused.
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if secret_token is not None and not (
        isinstance(secret_token, str) and _SECRET_TOKEN.fullmatch(secret_token)
    ):
        raise bad_request("secret token contains unallowed characters")


def render_text(text: str, parse_mode: str | None) -> str:
    """The plain text Telegram would store: markup parsed and removed, outer whitespace trimmed."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        text = _render_html(text)
    elif mode == "markdownv2":
        text = _render_markdown_v2(text)
    elif mode == "markdown":
        text = _render_markdown_v1(text)
    elif mode:
        raise bad_request(f"unsupported parse_mode {parse_mode}")
    return text.strip()


def group_chat_json(chat_id: int, chat_type: str) -> JsonDict:
    return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}


def sticker_json(file_id: str) -> JsonDict:
    return {
        "file_id": file_id,
        "file_unique_id": f"{file_id}_u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "🙂",
    }


def voice_json(file_id: str, duration: int) -> JsonDict:
    return {
        "file_id": file_id,
        "file_unique_id": f"{file_id}_u",
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": 4000 * duration,
    }


class FakeBotApi(core.FakeBotApi):
    """The product's stand-in with the tests' extras (see the module docstring)."""

    def __init__(
        self,
        *,
        bot_id: int = 123456,
        bot_username: str = "spasm_diary_bot",
        bot_first_name: str = "Spasm Diary",
        rate_limit_per_second: float | None = None,
        strict_chats: bool = False,
    ) -> None:
        super().__init__(bot_id=bot_id, bot_username=bot_username, bot_first_name=bot_first_name)
        # Token bucket over SEND_METHODS; beyond it the answer is 429 retry_after=1, like Telegram.
        self.rate_limit_per_second = rate_limit_per_second
        # Strict: sending to a private chat that never wrote to the bot is 403, as in Telegram.
        # Lenient (default): such chats are created on the fly, handy for benchmarks.
        self.strict_chats = strict_chats
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.left_chats: list[int] = []
        self._poll_generation = 0
        self._interrupts = 0
        self._faults: dict[str, list[_Fault]] = {}
        self._blocked: set[int] = set()
        self._bucket: tuple[float, float] | None = None  # (tokens, monotonic stamp)
        extra = {
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "leaveChat": self._leave_chat,
        }
        self._methods.update({name.lower(): handler for name, handler in extra.items()})

    def _render(self, text: str, parse_mode: str | None) -> str:
        return render_text(text, parse_mode)

    async def _long_poll(self, params: JsonDict) -> None:
        """Hold getUpdates until an update is pending, `timeout` passes, or a newer poll arrives."""
        timeout = float(params.get("timeout") or 0)
        with self._lock:
            self._poll_generation += 1
            generation, interrupts = self._poll_generation, self._interrupts
            if timeout <= 0 or self.webhook_url or self._has_fault("getupdates"):
                return
            self._confirm(int(params.get("offset") or 0))

        def settled() -> bool:
            return bool(self._updates) or (self._poll_generation, self._interrupts) != (
                generation,
                interrupts,
            )

        try:
            await self.wait_for(settled, timeout=timeout)
        except TimeoutError:
            return
        with self._lock:
            if self._interrupts == interrupts and self._poll_generation != generation:
                raise ApiError(
                    HTTPStatus.CONFLICT,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )

    def interrupt_polls(self) -> None:
        """Let every pending getUpdates answer now (used when a server shuts down)."""
        with self._lock:
            self._interrupts += 1
            self._notify()

    def _before_call(self, key: str, params: JsonDict) -> None:
        queue = self._faults.get(key) or self._faults.get("*")
        if queue:
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            raise ApiError(fault.status, fault.description, retry_after=fault.retry_after)
        if params.get("chat_id") in self._blocked:
            raise ApiError(HTTPStatus.FORBIDDEN, _BLOCKED)
        if key in SEND_METHODS and self.rate_limit_per_second:
            self._take_send_token(self.rate_limit_per_second)

    def _has_fault(self, key: str) -> bool:
        return bool(self._faults.get(key) or self._faults.get("*"))

    def _take_send_token(self, rate: float) -> None:
        now = time.monotonic()
        capacity = max(rate, 1.0)
        tokens, stamp = self._bucket or (capacity, now)
        tokens = min(capacity, tokens + (now - stamp) * rate)
        if tokens < 1:
            self._bucket = (tokens, now)
            raise ApiError(HTTPStatus.TOO_MANY_REQUESTS, "Too Many Requests: retry after 1", retry_after=1)
        self._bucket = (tokens - 1, now)

    def _get_updates(self, params: JsonDict, files: Files) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(
                HTTPStatus.CONFLICT,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        return super()._get_updates(params, files)

    def _set_webhook(self, params: JsonDict, files: Files) -> bool:
        url = str(params.get("url") or "")
        check_webhook(url, params.get("secret_token"))
        self._set_allowed_updates(params)
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url, self.webhook_secret = url, params.get("secret_token")
        return True

    def _delete_webhook(self, params: JsonDict, files: Files) -> bool:
        self.webhook_url, self.webhook_secret = "", None
        return super()._delete_webhook(params, files)

    def _get_webhook_info(self, params: JsonDict, files: Files) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = 40
        if self._allowed_updates:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _leave_chat(self, params: JsonDict, files: Files) -> bool:
        """The bot leaves a group: later sends to it fail as in Telegram (chat not found)."""
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id not in self._chats:
            raise bad_request("chat not found")
        if chat_id > 0:
            raise bad_request("chat member status can't be changed in private chats")
        del self._chats[chat_id]
        self.left_chats.append(chat_id)
        return True

    def _chat(self, chat_id: object) -> JsonDict:
        known = isinstance(chat_id, int) and chat_id in self._chats
        if self.strict_chats and not known and isinstance(chat_id, int) and chat_id > 0:
            raise ApiError(HTTPStatus.FORBIDDEN, "Forbidden: bot can't initiate conversation with a user")
        return super()._chat(chat_id)

    # ----- fault injection ------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` ("*" = any method) with an error instead."""
        if status == HTTPStatus.TOO_MANY_REQUESTS and retry_after is None:
            retry_after = 1
        if description is None:
            if status == HTTPStatus.TOO_MANY_REQUESTS:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(status) or HTTPStatus(status).phrase
        with self._lock:
            self._faults.setdefault(method.lower(), []).append(
                _Fault(status, description, retry_after, times)
            )

    def block_user(self, chat_id: int) -> None:
        """Every call aimed at this chat answers 403 "bot was blocked by the user" until unblocked."""
        with self._lock:
            self._blocked.add(chat_id)

    def unblock_user(self, chat_id: int) -> None:
        with self._lock:
            self._blocked.discard(chat_id)

    # ----- update injection -----------------------------------------------------------------------

    def group_message(self, chat_id: int, user_id: int, text: str, *, first_name: str | None = None) -> int:
        chat_type = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
        chat = group_chat_json(chat_id, chat_type)
        return self.user_message(user_id, text, first_name=first_name, chat=chat)

    def user_sticker(self, user_id: int) -> int:
        return self._incoming(user_id, {"sticker": sticker_json(self._user_file_id("sticker"))})

    def user_photo(self, user_id: int, caption: str | None = None) -> int:
        photo = StoredFile(self._user_file_id("photo"), "Uphoto", "photo.jpg", b"").photo_json()
        content: JsonDict = {"photo": photo}
        if caption:
            content["caption"] = caption
        return self._incoming(user_id, content)

    def user_voice(self, user_id: int, duration: int = 3) -> int:
        return self._incoming(user_id, {"voice": voice_json(self._user_file_id("voice"), duration)})

    def edited_message(self, user_id: int, text: str, message_id: int | None = None) -> int:
        """The user edits one of their text messages (default: their latest) in the private chat."""
        with self._lock:
            if message_id is None:
                mine = [
                    stored
                    for (chat_id, _), stored in self._messages.items()
                    if chat_id == user_id and not stored.from_bot and "text" in stored.json
                ]
                target = mine[-1] if mine else None
            else:
                target = self._messages.get((user_id, message_id))
            if target is None or target.from_bot:
                raise ValueError(f"user {user_id} has no text message to edit")
            target.json["text"] = text
            target.json["edit_date"] = int(time.time())
            target.json.pop("entities", None)
            if entities := command_entities(text):
                target.json["entities"] = entities
            return self._push({"edited_message": copy.deepcopy(target.json)})

    def my_chat_member(self, user_id: int, status: str = "kicked") -> int:
        """The user blocks ("kicked") or restarts ("member") the bot; sends follow suit (403 or not)."""
        with self._lock:
            user = self._user(user_id, None, "en")
            chat = self._chats.setdefault(user_id, private_chat_json(user_id, user["first_name"]))
            old = "member" if status == "kicked" else "kicked"
            if status == "kicked":
                self._blocked.add(user_id)
            else:
                self._blocked.discard(user_id)
            update = {
                "chat": dict(chat),
                "from": user,
                "date": int(time.time()),
                "old_chat_member": self._bot_member(old),
                "new_chat_member": self._bot_member(status),
            }
            return self._push({"my_chat_member": update})

    def _bot_member(self, status: str) -> JsonDict:
        member: JsonDict = {"user": dict(self.bot_user), "status": status}
        if status == "kicked":
            member["until_date"] = 0
        return member

    def raw_update(self, update: JsonDict) -> int:
        """Queue an update as given; `update_id` is assigned when missing."""
        with self._lock:
            update = copy.deepcopy(update)
            update_id = int(update.get("update_id") or self._next_update_id)
            self._next_update_id = max(self._next_update_id, update_id + 1)
            update["update_id"] = update_id
            self._updates.append(update)
            self._notify()
            return update_id

    def _user_file_id(self, kind: str) -> str:
        self._file_count += 1
        return f"FAKE-user-{kind}-{self._file_count}"
