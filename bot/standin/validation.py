"""Cheap checks that mirror what the real Bot API rejects, with the same error texts.

Everything here is pure: values in, a cleaned value out, or an `ApiError` that the core turns into
the `{"ok": false, ...}` body Telegram would answer.
"""

from __future__ import annotations

import html
import json
import re
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
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
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


def check_message_text(text: object, parse_mode: str | None) -> str:
    if not isinstance(text, str):
        raise bad_request("message text is empty")
    rendered = render_text(text, parse_mode)
    if not rendered:
        raise bad_request("message text is empty")
    if telegram_length(rendered) > MAX_TEXT:
        raise bad_request("message is too long")
    return rendered


def check_caption(caption: object, parse_mode: str | None) -> str | None:
    if not isinstance(caption, str):
        return None
    rendered = render_text(caption, parse_mode)
    if telegram_length(rendered) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return rendered or None


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


def check_webhook(url: str, secret_token: object) -> None:
    # Real Telegram also demands HTTPS on ports 443/80/88/8443; local tests need plain http, so
    # only obviously broken URLs are refused.
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if secret_token is not None and not (
        isinstance(secret_token, str) and _SECRET_TOKEN.fullmatch(secret_token)
    ):
        raise bad_request("secret token contains unallowed characters")
