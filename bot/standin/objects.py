"""Builders for the Bot API JSON objects the stand-in hands out (users, chats, files, entities)."""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass

from bot.standin.records import JsonDict
from bot.standin.validation import telegram_length

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DEFAULT_PHOTO_SIZE = (1280, 720)


def user_json(user_id: int, first_name: str, *, language_code: str | None = None) -> JsonDict:
    user: JsonDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat_json(user_id: int, first_name: str) -> JsonDict:
    return {"id": user_id, "type": "private", "first_name": first_name}


def command_entities(text: str) -> list[JsonDict]:
    """The `bot_command` entity Telegram attaches when a message starts with `/command`."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": telegram_length(command)}]


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file the bot uploaded (or a user sent): what Telegram would remember under its file_id."""

    file_id: str
    file_unique_id: str
    filename: str
    data: bytes

    @property
    def mime_type(self) -> str:
        return mimetypes.guess_type(self.filename, strict=False)[0] or "application/octet-stream"

    def document_json(self) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }

    def photo_json(self) -> list[JsonDict]:
        """Telegram returns several sizes; one thumbnail plus the original is enough for clients."""
        width, height = png_size(self.data) or _DEFAULT_PHOTO_SIZE
        scale = min(1.0, 90 / max(width, height, 1))
        thumb = {
            "file_id": f"{self.file_id}_s",
            "file_unique_id": f"{self.file_unique_id}_s",
            "width": max(1, round(width * scale)),
            "height": max(1, round(height * scale)),
        }
        full = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(self.data),
        }
        return [thumb, full]


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG header, or None for other formats."""
    if len(data) < 24 or not data.startswith(_PNG_SIGNATURE):
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)
