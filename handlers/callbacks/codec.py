"""What every callback-data family shares: the 64-byte limit and strict parsers for ids, days and words."""

from __future__ import annotations

import re
from datetime import date

MAX_BYTES = 64
MAX_NUMBER = 10**12 - 1
NUMBER = re.compile(r"[0-9]{1,12}")
DAY = re.compile(r"[0-9]{8}")
WORD = re.compile(r"[a-z0-9_]{1,40}")
FLOW_ID = re.compile(r"[0-9a-f]{6}")


def checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data[:20]}…")
    return data


def parse_number(text: str) -> int | None:
    """An id or offset: 1-12 ASCII digits, else None."""
    return int(text) if NUMBER.fullmatch(text) else None


def day_text(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(text: str) -> date | None:
    if not DAY.fullmatch(text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def checked_word(text: str) -> str | None:
    return text if WORD.fullmatch(text) else None
