"""Short stretching routines from content/stretches.yaml: load with checks, rotate, format as plain text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.content_files import content_dir, load_yaml
from bot.faq.model import Source  # one notion of a cited source for all content

ROUTINES_FILE = "stretches.yaml"
DEFAULT_CONTENT_DIR = content_dir()
MAX_MESSAGE_CHARS = 900
STEPS_MIN, STEPS_MAX = 2, 4
STEP_MAX_CHARS = 160
HOLD_SECONDS_RANGE = range(1, 121)
REPETITIONS_RANGE = range(1, 31)

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_FIELDS = {
    "id",
    "title",
    "steps",
    "hold_seconds",
    "repetitions",
    "caution_hypermobile",
    "sources",
    "reviewed",
}


class RoutineError(ValueError):
    """The routines file is unusable; the message names the routine and the problem in one line."""


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[str, ...]
    hold_seconds: int
    repetitions: int
    caution_hypermobile: str
    sources: tuple[Source, ...]
    reviewed: date


def _text(value: Any, where: str, field: str, max_chars: int = 300) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RoutineError(f"{where}: {field} must be non-empty text")
    text = " ".join(value.split())
    if len(text) > max_chars:
        raise RoutineError(f"{where}: {field} is longer than {max_chars} characters")
    return text


def _count(value: Any, where: str, field: str, allowed: range) -> int:
    # bool is an int subclass; "yes" must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise RoutineError(
            f"{where}: {field} must be a whole number from {allowed.start} to {allowed.stop - 1}"
        )
    return value


def _sources(value: Any, where: str) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        raise RoutineError(f"{where}: sources must be a non-empty list of {{name, url}}")
    sources = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"name", "url"}:
            raise RoutineError(f"{where}: each source needs exactly a name and a url")
        url = _text(item["url"], where, "source url")
        if not url.startswith(("https://", "http://")):
            raise RoutineError(f"{where}: source url must start with http:// or https://")
        sources.append(Source(_text(item["name"], where, "source name", 120), url))
    return tuple(sources)


def _reviewed(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RoutineError(f"{where}: reviewed must be a date like 2026-11-21") from None


def _routine(raw: Any, index: int) -> Routine:
    if not isinstance(raw, dict):
        raise RoutineError(f"routine #{index + 1}: must be a mapping of fields")
    where = f"routine {raw.get('id', '#' + str(index + 1))!r}"
    missing = _FIELDS - set(raw)
    if missing:
        raise RoutineError(f"{where}: missing {', '.join(sorted(missing))}")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise RoutineError(f"{where}: unknown field {', '.join(sorted(unknown))}")
    if not isinstance(raw["id"], str) or not _ID_RE.fullmatch(raw["id"]):
        raise RoutineError(f"{where}: id must be lower_snake_case")
    steps = raw["steps"]
    if not isinstance(steps, list) or not STEPS_MIN <= len(steps) <= STEPS_MAX:
        raise RoutineError(f"{where}: steps must be a list of {STEPS_MIN} to {STEPS_MAX} lines")
    routine = Routine(
        id=raw["id"],
        title=_text(raw["title"], where, "title", 80),
        steps=tuple(_text(step, where, "each step", STEP_MAX_CHARS) for step in steps),
        hold_seconds=_count(raw["hold_seconds"], where, "hold_seconds", HOLD_SECONDS_RANGE),
        repetitions=_count(raw["repetitions"], where, "repetitions", REPETITIONS_RANGE),
        caution_hypermobile=_text(raw["caution_hypermobile"], where, "caution_hypermobile"),
        sources=_sources(raw["sources"], where),
        reviewed=_reviewed(raw["reviewed"], where),
    )
    if len(_format(routine, linked=0)) > MAX_MESSAGE_CHARS:
        raise RoutineError(f"{where}: the message would exceed {MAX_MESSAGE_CHARS} characters")
    return routine


def load_routines(content_dir: Path | str) -> list[Routine]:
    """Read and check `<content_dir>/stretches.yaml`; RoutineError names the first problem found."""
    path = Path(content_dir) / ROUTINES_FILE
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RoutineError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise RoutineError(f"{path}: not valid YAML ({error.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("routines"), list) or not data["routines"]:
        raise RoutineError(f"{path}: expected a top-level 'routines:' list with at least one routine")
    routines = [_routine(raw, index) for index, raw in enumerate(data["routines"])]
    seen: set[str] = set()
    for routine in routines:
        if routine.id in seen:
            raise RoutineError(f"routine {routine.id!r}: id is used twice")
        seen.add(routine.id)
    return routines


@lru_cache(maxsize=1)
def _default_routines() -> tuple[Routine, ...]:
    return tuple(load_routines(DEFAULT_CONTENT_DIR))


def routine_for(n: int, routines: Sequence[Routine] | None = None) -> Routine:
    """The routine for the n-th stretch reminder: a counter per user rotates through all of them."""
    pool = _default_routines() if routines is None else routines
    if not pool:
        raise RoutineError("no stretching routines to choose from")
    return pool[n % len(pool)]


def _format(routine: Routine, *, linked: int) -> str:
    """The message, with links for the first `linked` sources and bare names for the rest."""
    lines = [routine.title]
    lines += [f"{number}. {step}" for number, step in enumerate(routine.steps, start=1)]
    times = "once" if routine.repetitions == 1 else f"{routine.repetitions} times"
    lines.append(f"Hold about {routine.hold_seconds} s; do it {times}. Stop if it hurts.")
    lines.append(routine.caution_hypermobile)
    cited = [
        f"{source.name} {source.url}" if index < linked else source.name
        for index, source in enumerate(routine.sources)
    ]
    lines.append("Sources: " + "; ".join(cited))
    return "\n".join(lines)


def format_routine(routine: Routine) -> str:
    """Plain text of at most 900 characters; links are dropped from the last sources if needed."""
    for linked in range(len(routine.sources), 0, -1):
        text = _format(routine, linked=linked)
        if len(text) <= MAX_MESSAGE_CHARS:
            return text
    return _format(routine, linked=0)
