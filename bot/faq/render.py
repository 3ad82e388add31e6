"""Plain-text replies built from content (no Telegram markup, so handlers choose the parse mode)."""

from __future__ import annotations

from bot.faq.model import FaqEntry, RedFlag, Source

TELEGRAM_TEXT_LIMIT = 4096


def render_entry(entry: FaqEntry) -> str:
    """Title, answer, then the sources it was written from."""
    return _fit("\n\n".join((entry.title, entry.answer, _sources(entry.sources))))


def render_red_flag(flag: RedFlag) -> str:
    """The urgent message first, then the sources."""
    return _fit("\n\n".join((flag.message, _sources(flag.sources))))


def _sources(sources: tuple[Source, ...]) -> str:
    label = "Source" if len(sources) == 1 else "Sources"
    return "\n".join([f"{label}:", *(f"• {source.name}: {source.url}" for source in sources)])


def _fit(text: str) -> str:
    # content is validated far below this, but a reply must never be rejected by Telegram
    return text if len(text) <= TELEGRAM_TEXT_LIMIT else text[: TELEGRAM_TEXT_LIMIT - 1] + "…"
