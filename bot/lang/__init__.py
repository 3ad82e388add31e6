"""Text shared by every domain package: one normaliser with options, one number and unit vocabulary.

The lowest layer of ours: it imports nothing from `bot` (checked by import-linter), so the parser, the
FAQ, the safety triage, the intents, reminders and the plan can all use it.
"""

from bot.lang.normalise import normalise
from bot.lang.quantities import NUMBER_WORD_RE, NUMBER_WORDS, number_value, unit_seconds

__all__ = ["NUMBER_WORDS", "NUMBER_WORD_RE", "normalise", "number_value", "unit_seconds"]
