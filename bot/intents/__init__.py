"""What a typed message wants, decided before any feature acts on it (after the safety check).

Pure: text in, an `Intent` out (`classify`). Rules only, evaluated on the labelled set in
tests/intents/data/intents.tsv (bench/intent_eval.py prints the accuracy)."""

from bot.intents.router import Intent, IntentKind, classify, could_be_a_place

__all__ = ["Intent", "IntentKind", "classify", "could_be_a_place"]
