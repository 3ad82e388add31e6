"""The morning check-in ("did spasms wake you last night?") as a line for /stats and the report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

NIGHT_WOKEN_WORDS = {"once": "once", "few": "2–5 times", "more": "more than 5 times"}


def night_check_in_text(answers: Mapping[date, str]) -> str:
    """On how many answered nights spasms woke the person, and how often ("none" counts as answered)."""
    woken = [answer for answer in answers.values() if answer in NIGHT_WOKEN_WORDS]
    line = f"Morning check-ins: spasms woke you on {len(woken)} of {len(answers)} night(s) you answered"
    counts = [f"{NIGHT_WOKEN_WORDS[a]} ×{woken.count(a)}" for a in NIGHT_WOKEN_WORDS if a in woken]
    return line + (f" ({', '.join(counts)})." if counts else ".")
