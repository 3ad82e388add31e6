"""Cheap checks that mirror what the real Bot API rejects, with the same error texts.

Everything here is pure: values in, a cleaned value out, or an `ApiError` that the core turns into
the `{"ok": false, ...}` body Telegram would answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_COMMANDS = 100

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# HTTP transports send every value as a string (PTB's `json_parameters`); Telegram parses each
# field by its declared type, so we do the same for the fields the stand-in understands.
_INT_KEYS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "message_thread_id",
        "reply_to_message_id",
        "max_connections",
        "user_id",
    }
)
_BOOL_KEYS = frozenset(
    {
        "drop_pending_updates",
        "show_alert",
        "disable_notification",
        "protect_content",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_JSON_KEYS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "media",
        "link_preview_options",
        "reply_parameters",
        "message_ids",
    }
)

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional `retry_after`."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = int(status)
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: {detail}")


def coerce_params(params: dict[str, Any]) -> dict[str, Any]:
    """Typed copy of `params`: string values of known int/bool/JSON fields are parsed."""
    typed: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str):
            value = _parse_field(key, value)
        typed[key] = value
    return typed


def _parse_field(key: str, value: str) -> Any:
    if key in _JSON_KEYS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {key} JSON object") from None
    if key in _BOOL_KEYS:
        return value.lower() in ("true", "1")
    if key in _INT_KEYS:
        try:
            return int(value)
        except ValueError:
            if key == "chat_id":  # "@channelusername" is a valid chat_id
                return value
            raise bad_request(f"invalid {key} specified") from None
    return value


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


Render = Callable[[str, str | None], str]


def render_plain(text: str, parse_mode: str | None) -> str:
    """The text Telegram would store for a message sent without a parse mode (the bot sends none).

    Parse modes are rendered only by the tests' richer stand-in (tests/standin_extras.py).
    """
    if parse_mode:
        raise bad_request(f"unsupported parse_mode {parse_mode}")
    return text.strip()


def check_message_text(text: object, parse_mode: str | None, render: Render = render_plain) -> str:
    if not isinstance(text, str):
        raise bad_request("message text is empty")
    rendered = render(text, parse_mode)
    if not rendered:
        raise bad_request("message text is empty")
    if telegram_length(rendered) > MAX_TEXT:
        raise bad_request("message is too long")
    return rendered


def check_caption(caption: object, parse_mode: str | None, render: Render = render_plain) -> str | None:
    if not isinstance(caption, str):
        return None
    rendered = render(caption, parse_mode)
    if telegram_length(rendered) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return rendered or None


def check_reply_markup(markup: object) -> None:
    """Rejects keyboards Telegram would reject (shape, button actions, callback_data size, URLs)."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for button in _buttons(markup["inline_keyboard"], "inline_keyboard"):
            _check_inline_button(button)
    elif "keyboard" in markup:
        for button in _buttons(markup["keyboard"], "keyboard"):
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text.strip():
                raise bad_request("keyboard button text is empty")
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise bad_request("can't parse reply keyboard markup JSON object")


def inline_keyboard(markup: object) -> dict[str, Any] | None:
    """The markup Telegram echoes back in a Message: only inline keyboards are returned."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def callback_datas(markup: object) -> set[str]:
    keyboard = inline_keyboard(markup)
    if keyboard is None:
        return set()
    return {
        button["callback_data"]
        for row in keyboard["inline_keyboard"]
        for button in row
        if isinstance(button, dict) and "callback_data" in button
    }


def _buttons(rows: object, field: str) -> list[Any]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{field}" must be an Array of Arrays')
    return [button for row in rows for button in row]


def _check_inline_button(button: object) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if len(actions) != 1:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and (not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://"))):
        raise bad_request("BUTTON_URL_INVALID")


def check_commands(commands: object) -> list[dict[str, str]]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned = []
    for item in commands:
        command = item.get("command") if isinstance(item, dict) else None
        description = item.get("description") if isinstance(item, dict) else None
        if not isinstance(command, str) or not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description})
    return cleaned
