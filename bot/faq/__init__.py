"""Curated FAQ: content loading and validation, question matching. (Red-flag triage: bot/safety.)"""

from bot.faq.loader import default_content_dir, load_faq
from bot.faq.matcher import FaqMatcher
from bot.faq.model import ContentError, FaqEntry, FaqLibrary, Match, MatchResult, Source, Topic
from bot.faq.render import render_entry, render_entry_sources

__all__ = [
    "ContentError",
    "FaqEntry",
    "FaqLibrary",
    "FaqMatcher",
    "Match",
    "MatchResult",
    "Source",
    "Topic",
    "default_content_dir",
    "load_faq",
    "render_entry",
    "render_entry_sources",
]
