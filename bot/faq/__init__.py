"""Curated FAQ: content loading and validation, question matching, red-flag triage."""

from bot.faq.loader import default_content_dir, load_faq
from bot.faq.matcher import FaqMatcher
from bot.faq.model import ContentError, FaqEntry, FaqLibrary, Match, MatchResult, RedFlag, Source, Topic
from bot.faq.render import render_entry, render_entry_sources, render_red_flag
from bot.faq.triage import RedFlagRules, load_red_flags

__all__ = [
    "ContentError",
    "FaqEntry",
    "FaqLibrary",
    "FaqMatcher",
    "Match",
    "MatchResult",
    "RedFlag",
    "RedFlagRules",
    "Source",
    "Topic",
    "default_content_dir",
    "load_faq",
    "load_red_flags",
    "render_entry",
    "render_entry_sources",
    "render_red_flag",
]
