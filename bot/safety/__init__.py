"""Safety net: red-flag triage of every text (crisis, emergency, urgent, soon), the person's numbers
from their time zone, the replies, and the diary's own safety signals. Plain values, no Telegram."""

from bot.safety.model import TIER_ORDER, CountryNumbers, Line, RedFlag, Tier
from bot.safety.numbers import NumberBook, load_numbers
from bot.safety.reply import render_safety_reply
from bot.safety.triage import TriageRules, load_triage_rules

__all__ = [
    "TIER_ORDER",
    "CountryNumbers",
    "Line",
    "NumberBook",
    "RedFlag",
    "Tier",
    "TriageRules",
    "load_numbers",
    "load_triage_rules",
    "render_safety_reply",
]
