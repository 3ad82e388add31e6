"""A line typed after a "+ Add" button in /plan: the answer to that prompt, an attempt to read again
(with what was wrong), or something else — a command, an episode, a question, small talk — that
leaves the prompt and is handled as if none were open (no trap, like the /log flow's questions).

The answer is read with the same parsers as /meds add, /appointment, /exercises add and /question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.episodes.parse import parse_episode_line
from bot.episodes.textscan import normalize
from bot.intents import lexicon as lx
from bot.intents.router import IntentKind, classify
from bot.plan.parse import PlanInputError, parse_appointment, parse_exercise_add, parse_meds_add

SECTIONS = ("meds", "appts", "ex", "qs")
_STRENGTH = re.compile(r"\d\s*/\s*10\b|\bout\s+of\s+10\b", re.IGNORECASE)
# What the line may read as and still be a medicine, an appointment or an exercise: the rules read
# "baclofen 08:00" or "15 Jan 10:30 neurologist" as a question, "calf stretch 3 x 30 s" as an episode.
_MAY_ANSWER = frozenset({IntentKind.QUESTION, IntentKind.AMBIGUOUS, IntentKind.EPISODE})


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    ok: bool  # the line answers the prompt: add it (with the command's own parser)
    error: str | None = None  # an attempt that could not be read: say why, keep the prompt


def read_plan_answer(section: str, text: str, now: datetime, zone: ZoneInfo) -> PlanAnswer | None:
    """None when the line is not for the prompt (it leaves it)."""
    line = " ".join(text.split())
    if not line or line.startswith("/") or section not in SECTIONS:
        return None
    intent = classify(line)
    if section == "qs":  # any question is an answer; an episode, a dose, a reminder are not
        return PlanAnswer(True) if intent.kind in (IntentKind.QUESTION, IntentKind.AMBIGUOUS) else None
    norm = normalize(line)
    if intent.kind not in _MAY_ANSWER or "?" in line or lx.QUESTION_LEAD.match(norm):
        return None
    if intent.kind is IntentKind.EPISODE and (section != "ex" or _reads_as_a_spasm(line, now, zone)):
        return None
    try:
        if section == "meds":
            parse_meds_add(line)
        elif section == "appts":
            parse_appointment(line, now, zone)
        else:
            parse_exercise_add(line)
    except PlanInputError as exc:
        return PlanAnswer(False, str(exc))
    return PlanAnswer(True)


def _reads_as_a_spasm(line: str, now: datetime, zone: ZoneInfo) -> bool:
    """An episode line, not an exercise that names a muscle: a kind of spasm or a strength out of 10."""
    draft = parse_episode_line(line, now=now, tz=zone).draft
    return draft.kind is not None or bool(_STRENGTH.search(line))
