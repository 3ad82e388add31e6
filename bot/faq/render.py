"""Plain-text replies built from content (no Telegram markup, so handlers choose the parse mode)."""

from __future__ import annotations

from datetime import date

from bot.faq.model import FaqEntry

TELEGRAM_TEXT_LIMIT = 4096


def render_entry(entry: FaqEntry) -> str:
    """Title, answer, then the names of its sources and the review date.

    The addresses stay out of the answer (they would swamp a short reply on a phone); the handler
    offers them behind a "Sources" button, see `render_entry_sources`."""
    names = "; ".join(source.name for source in entry.sources)
    label = "Source" if len(entry.sources) == 1 else "Sources"
    footer = f"{label}: {names}. Reviewed {_long_date(entry.reviewed)}."
    return _fit("\n\n".join((entry.title, entry.answer, footer)))


def render_entry_sources(entry: FaqEntry) -> str:
    """Each source's name with its address, so a reader or clinician can check the answer."""
    lines = [f"Sources for “{entry.title}”:"]
    for source in entry.sources:
        lines.append(f"• {source.name}\n  {source.url}")
    lines.append(f"Reviewed against these sources on {_long_date(entry.reviewed)}.")
    return _fit("\n\n".join(lines))


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _fit(text: str) -> str:
    # content is validated far below this, but a reply must never be rejected by Telegram
    return text if len(text) <= TELEGRAM_TEXT_LIMIT else text[: TELEGRAM_TEXT_LIMIT - 1] + "…"
