"""An in-memory Telegram Bot API: chats, messages and the update queue, plus a record of every call.

One entry point, `FakeBotApi.handle(method, params, files)`, serves both transports (the in-process
`StandinRequest` and the aiohttp server in tests/fake_telegram.py), so they behave identically.
State is guarded by a lock, so tests may inject updates from another thread while the API serves
requests on an event loop.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from bot.standin.objects import (
    StoredFile,
    command_entities,
    private_chat_json,
    user_json,
)
from bot.standin.records import CallLog, Files, JsonDict, RecordedCall
from bot.standin.validation import (
    CHAT_ACTIONS,
    ApiError,
    bad_request,
    callback_datas,
    check_caption,
    check_commands,
    check_message_text,
    check_reply_markup,
    coerce_params,
    inline_keyboard,
    render_plain,
)

Handler = Callable[[JsonDict, Files], Any]

SEND_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto", "sendmediagroup"})
# Update types Telegram leaves out unless they are asked for in `allowed_updates`.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


@dataclass(slots=True)
class StoredMessage:
    json: JsonDict
    from_bot: bool
    # The raw text and parse_mode the bot sent: Telegram compares formatting too, not only the
    # rendered text, when deciding whether an edit is "not modified".
    source: tuple[str, str | None] | None = None


class FakeBotApi(CallLog):
    """In-memory Bot API. See `handle` for the request side and the `user_*` helpers for updates."""

    def __init__(
        self,
        *,
        bot_id: int = 123456,
        bot_username: str = "spasm_diary_bot",
        bot_first_name: str = "Spasm Diary",
    ) -> None:
        super().__init__()
        self.bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self._updates: list[JsonDict] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        self._users: dict[int, JsonDict] = {}
        self._chats: dict[int, JsonDict] = {}
        self._messages: dict[tuple[int, int], StoredMessage] = {}
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_count = 0
        self._open_queries: set[str] = set()
        self._query_count = 0
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}

        # Telegram matches method names case-insensitively.
        self._methods = {name.lower(): handler for name, handler in self._method_table().items()}

    def _method_table(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendMediaGroup": self._send_media_group,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            # Profile settings a bot may push at start-up; accepted and only recorded.
            "setMyDescription": _accept,
            "setMyShortDescription": _accept,
            "setMyName": _accept,
            "setChatMenuButton": _accept,
            "close": _accept,
            "logOut": _accept,
        }

    # ----- request side -------------------------------------------------------------------------

    async def handle(
        self, method: str, params: dict[str, Any], files: Files | None = None
    ) -> tuple[int, JsonDict]:
        """Serve one Bot API call: returns (HTTP status, JSON body) and records the call."""
        key = method.lower()
        files = dict(files or {})
        started = time.monotonic()
        typed = params
        try:
            typed = coerce_params(params)
            handler = self._methods.get(key)
            if handler is None:
                raise ApiError(HTTPStatus.NOT_FOUND, "Not Found: method not found")
            if key == "getupdates":
                await self._long_poll(typed)
            with self._lock:
                self._before_call(key, typed)
                status, body = 200, {"ok": True, "result": handler(typed, files)}
        except ApiError as err:
            status, body = err.status, err.body()
        self._record(RecordedCall(method, typed, files, started, status, body))
        return status, body

    async def _long_poll(self, params: JsonDict) -> None:
        """Hold getUpdates until an update is pending or `timeout` passes."""
        timeout = float(params.get("timeout") or 0)
        if timeout <= 0:
            return
        with self._lock:
            self._confirm(int(params.get("offset") or 0))
        try:
            await self.wait_for(lambda: bool(self._updates), timeout=timeout)
        except TimeoutError:
            return

    def _before_call(self, key: str, params: JsonDict) -> None:
        """Called with the lock held before each method; the tests' stand-in injects faults here."""

    def _render(self, text: str, parse_mode: str | None) -> str:
        return render_plain(text, parse_mode)

    # ----- method handlers (called with the lock held) --------------------------------------------

    def _get_me(self, params: JsonDict, files: Files) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: JsonDict, files: Files) -> list[JsonDict]:
        self._set_allowed_updates(params)
        self._confirm(int(params.get("offset") or 0))
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        return copy.deepcopy(self._updates[:limit])

    def _confirm(self, offset: int) -> None:
        """Forget updates below `offset`; a negative offset keeps only the last -offset updates."""
        if offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _set_allowed_updates(self, params: JsonDict) -> None:
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):  # absent means "keep the previous setting"
            self._allowed_updates = frozenset(allowed) or None

    def _delete_webhook(self, params: JsonDict, files: Files) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    @staticmethod
    def _commands_key(params: JsonDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: JsonDict, files: Files) -> bool:
        self._commands[self._commands_key(params)] = check_commands(params.get("commands"))
        return True

    def _get_my_commands(self, params: JsonDict, files: Files) -> list[dict[str, str]]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _delete_my_commands(self, params: JsonDict, files: Files) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _send_message(self, params: JsonDict, files: Files) -> JsonDict:
        chat = self._chat(params.get("chat_id"))
        text = check_message_text(params.get("text"), params.get("parse_mode"), self._render)
        check_reply_markup(params.get("reply_markup"))
        content = {"text": text, **self._reply_to(chat, params), **_echoed_markup(params)}
        source = (params["text"], params.get("parse_mode"))
        return self._new_message(chat, self.bot_user, content, from_bot=True, source=source)

    def _send_document(self, params: JsonDict, files: Files) -> JsonDict:
        return self._send_file(params, files, "document", lambda f: f.document_json())

    def _send_photo(self, params: JsonDict, files: Files) -> JsonDict:
        return self._send_file(params, files, "photo", lambda f: f.photo_json())

    def _send_file(
        self, params: JsonDict, files: Files, field: str, describe: Callable[[StoredFile], Any]
    ) -> JsonDict:
        chat = self._chat(params.get("chat_id"))
        caption = check_caption(params.get("caption"), params.get("parse_mode"), self._render)
        check_reply_markup(params.get("reply_markup"))
        stored = self._resolve_file(params.get(field), files, field)
        content = {field: describe(stored), **self._reply_to(chat, params), **_echoed_markup(params)}
        if caption:
            content["caption"] = caption
        return self._new_message(chat, self.bot_user, content, from_bot=True)

    def _send_media_group(self, params: JsonDict, files: Files) -> list[JsonDict]:
        chat = self._chat(params.get("chat_id"))
        media = params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise bad_request("media must contain 2-10 items")
        group_id = f"group{len(self.calls)}"
        sent = []
        for item in media:
            kind = item.get("type") if isinstance(item, dict) else None
            if kind not in ("photo", "document"):
                raise bad_request("unsupported media type in the stand-in")
            stored = self._resolve_file(item.get("media"), files, kind)
            content = {
                kind: stored.photo_json() if kind == "photo" else stored.document_json(),
                "media_group_id": group_id,
            }
            if caption := check_caption(item.get("caption"), item.get("parse_mode"), self._render):
                content["caption"] = caption
            sent.append(self._new_message(chat, self.bot_user, content, from_bot=True))
        return sent

    def _edit_message_text(self, params: JsonDict, files: Files) -> JsonDict | bool:
        if params.get("inline_message_id"):
            return True
        stored = self._editable(params)
        text = check_message_text(params.get("text"), params.get("parse_mode"), self._render)
        check_reply_markup(params.get("reply_markup"))
        if "text" not in stored.json:
            raise bad_request("there is no text in the message to edit")
        source = (params["text"], params.get("parse_mode"))
        # No reply_markup in an edit removes the inline keyboard, as in Telegram.
        markup = inline_keyboard(params.get("reply_markup"))
        if stored.source == source and stored.json.get("reply_markup") == markup:
            raise bad_request(_NOT_MODIFIED)
        stored.source = source
        stored.json["text"] = text
        return self._finish_edit(stored, markup)

    def _edit_message_reply_markup(self, params: JsonDict, files: Files) -> JsonDict | bool:
        if params.get("inline_message_id"):
            return True
        stored = self._editable(params)
        check_reply_markup(params.get("reply_markup"))
        markup = inline_keyboard(params.get("reply_markup"))
        if stored.json.get("reply_markup") == markup:
            raise bad_request(_NOT_MODIFIED)
        return self._finish_edit(stored, markup)

    def _editable(self, params: JsonDict) -> StoredMessage:
        stored = self._messages.get(_message_key(params))
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return stored

    @staticmethod
    def _finish_edit(stored: StoredMessage, markup: JsonDict | None) -> JsonDict:
        stored.json["edit_date"] = int(time.time())
        if markup is None:
            stored.json.pop("reply_markup", None)
        else:
            stored.json["reply_markup"] = copy.deepcopy(markup)
        return copy.deepcopy(stored.json)

    def _delete_message(self, params: JsonDict, files: Files) -> bool:
        if self._messages.pop(_message_key(params), None) is None:
            raise bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, params: JsonDict, files: Files) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        self._open_queries.discard(query_id)
        return True

    def _send_chat_action(self, params: JsonDict, files: Files) -> bool:
        self._chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # ----- shared state helpers -----------------------------------------------------------------

    def _chat(self, chat_id: object) -> JsonDict:
        if isinstance(chat_id, int) and chat_id in self._chats:
            return self._chats[chat_id]
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, int) and chat_id > 0:
            return self._chats.setdefault(chat_id, private_chat_json(chat_id, "User"))
        raise bad_request("chat not found")

    def _new_message(
        self,
        chat: JsonDict,
        sender: JsonDict,
        content: JsonDict,
        *,
        from_bot: bool,
        source: tuple[str, str | None] | None = None,
    ) -> JsonDict:
        chat_id = chat["id"]
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": dict(chat),
            "from": dict(sender),
            **copy.deepcopy(content),
        }
        self._messages[(chat_id, message_id)] = StoredMessage(message, from_bot, source)
        return copy.deepcopy(message)

    def _reply_to(self, chat: JsonDict, params: JsonDict) -> JsonDict:
        reply = params.get("reply_parameters") or {}
        target = reply.get("message_id") or params.get("reply_to_message_id")
        if not target:
            return {}
        stored = self._messages.get((chat["id"], target))
        if stored is None:
            if reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply"):
                return {}
            raise bad_request("message to be replied not found")
        quoted = {key: value for key, value in stored.json.items() if key != "reply_to_message"}
        return {"reply_to_message": quoted}

    def _resolve_file(self, ref: object, files: Files, field: str) -> StoredFile:
        """The file a send refers to: a fresh upload, an `attach://` part, a known file_id or a URL."""
        if isinstance(ref, str) and ref in self._files:
            return self._files[ref]
        if isinstance(ref, str) and ref.startswith(("http://", "https://")):
            return self._store_file(field, ref.rsplit("/", 1)[-1] or field, b"")
        part = ref[len("attach://") :] if isinstance(ref, str) and ref.startswith("attach://") else field
        if part not in files:
            if ref is None:
                raise bad_request(f"there is no {field} in the request")
            raise bad_request("wrong file identifier/HTTP URL specified")
        filename, data = files[part]
        if not data:
            raise bad_request("file must be non-empty")
        return self._store_file(field, filename, data)

    def _store_file(self, kind: str, filename: str, data: bytes) -> StoredFile:
        self._file_count += 1
        stored = StoredFile(f"FAKE-{kind}-{self._file_count}", f"U{self._file_count}", filename, data)
        self._files[stored.file_id] = stored
        return stored

    # ----- update injection -----------------------------------------------------------------------

    def user_message(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str | None = None,
        chat: JsonDict | None = None,
        language_code: str | None = "en",
    ) -> int:
        """A text message from a user (in their private chat unless `chat` is given); a leading
        `/command` gets its bot_command entity."""
        content: JsonDict = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return self._incoming(user_id, content, first_name, chat, language_code)

    def user_location(self, user_id: int, latitude: float, longitude: float) -> int:
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._incoming(user_id, content)

    def callback_query(
        self, user_id: int, data: str, message_id: int | None = None, *, check_button: bool = True
    ) -> int:
        """The user presses an inline button in their private chat.

        Without `message_id` the latest bot message offering `data` is used (else the latest bot
        message). With `check_button`, pressing a button the target message does not show raises
        ValueError, since a real client could not do that.
        """
        with self._lock:
            user = self._user(user_id, None, "en")
            chat = self._chats.setdefault(user_id, private_chat_json(user_id, user["first_name"]))
            target = self._callback_target(user_id, data, message_id)
            if target is not None:
                offered = callback_datas(target.json.get("reply_markup"))
                if check_button and offered and data not in offered:
                    raise ValueError(f"message {target.json['message_id']} has no button with that data")
                message = copy.deepcopy(target.json)
            else:
                message = {"message_id": message_id or 1, "date": int(time.time()), "chat": dict(chat)}
                message["from"] = dict(self.bot_user)
            self._query_count += 1
            query_id = str(1_000_000 + self._query_count)
            self._open_queries.add(query_id)
            query = {
                "id": query_id,
                "from": user,
                "chat_instance": f"ci{user_id}",
                "data": data,
                "message": message,
            }
            return self._push({"callback_query": query})

    def _callback_target(self, chat_id: int, data: str, message_id: int | None) -> StoredMessage | None:
        if message_id is not None:
            return self._messages.get((chat_id, message_id))
        from_bot = [
            stored for (cid, _), stored in self._messages.items() if cid == chat_id and stored.from_bot
        ]
        offering = [stored for stored in from_bot if data in callback_datas(stored.json.get("reply_markup"))]
        candidates = offering or from_bot
        return candidates[-1] if candidates else None

    def _incoming(
        self,
        user_id: int,
        content: JsonDict,
        first_name: str | None = None,
        chat: JsonDict | None = None,
        language_code: str | None = "en",
    ) -> int:
        """A message from a user, in their private chat unless `chat` is given."""
        with self._lock:
            user = self._user(user_id, first_name, language_code)
            chat = chat or private_chat_json(user_id, user["first_name"])
            self._chats[chat["id"]] = chat
            message = self._new_message(chat, user, content, from_bot=False)
            return self._push({"message": message})

    def _user(self, user_id: int, first_name: str | None, language_code: str | None) -> JsonDict:
        known = self._users.get(user_id)
        name = first_name or (known["first_name"] if known else "Tester")
        self._users[user_id] = user_json(user_id, name, language_code=language_code)
        return dict(self._users[user_id])

    def _push(self, payload: JsonDict) -> int:
        """Queue an update of the payload's type (unless `allowed_updates` filters it out)."""
        update_id = self._next_update_id
        self._next_update_id += 1
        kind = next(iter(payload))
        allowed = self._allowed_updates
        if (kind in allowed) if allowed is not None else (kind not in _OPT_IN_UPDATES):
            self._updates.append({"update_id": update_id, **payload})
            self._notify()
        return update_id

    # ----- inspection and waiting -----------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None, *, since: int = 0) -> list[JsonDict]:
        """Messages the bot sent successfully (as returned at send time), oldest first."""
        with self._lock:
            sent: list[JsonDict] = []
            for call in self.calls[since:]:
                if call.ok and call.method.lower() in SEND_METHODS:
                    results = call.result if isinstance(call.result, list) else [call.result]
                    sent.extend(m for m in results if chat_id is None or m["chat"]["id"] == chat_id)
            return sent

    def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        """The current state of a message (after edits), or None if unknown or deleted."""
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            return copy.deepcopy(stored.json) if stored else None

    def pending_updates(self) -> list[JsonDict]:
        with self._lock:
            return copy.deepcopy(self._updates)

    def my_commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[dict[str, str]]:
        with self._lock:
            return copy.deepcopy(
                self._commands.get(self._commands_key({"scope": scope, "language_code": language_code}), [])
            )

    def uploaded_file(self, file_id: str) -> tuple[str, bytes] | None:
        with self._lock:
            stored = self._files.get(file_id)
            return (stored.filename, stored.data) if stored else None


def _accept(params: JsonDict, files: Files) -> bool:
    return True


def _message_key(params: JsonDict) -> tuple[int, int]:
    chat_id, message_id = params.get("chat_id"), params.get("message_id")
    if not isinstance(chat_id, int) or not isinstance(message_id, int):
        raise bad_request("message identifier is not specified")
    return chat_id, message_id


def _echoed_markup(params: JsonDict) -> JsonDict:
    markup = inline_keyboard(params.get("reply_markup"))
    return {"reply_markup": copy.deepcopy(markup)} if markup else {}
