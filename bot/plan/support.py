"""Patient organisations by country (content/support.yaml) and the guided breathing routine
(content/relaxation.yaml): loaded and checked at start, plain values out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.content_files import load_yaml
from bot.faq.sources import ANY_DOMAIN, source_problem

EVERYWHERE = "*"
MAX_STEP_SECONDS = 60  # a step longer than this reads as a stuck message
MAX_STEPS = 12


class SupportContentError(ValueError):
    """support.yaml or relaxation.yaml is broken; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    about: str
    url: str
    countries: frozenset[str]


@dataclass(frozen=True, slots=True)
class SupportBook:
    organisations: tuple[Organisation, ...]

    def for_country(self, country: str | None) -> tuple[list[Organisation], bool]:
        """The organisations for the country (national ones first, then international), and whether
        any national one was found; an unknown country gets every organisation."""
        national = [o for o in self.organisations if country is not None and country in o.countries]
        everywhere = [o for o in self.organisations if EVERYWHERE in o.countries]
        if national:
            return national + everywhere, True
        return list(self.organisations), False


@dataclass(frozen=True, slots=True)
class BreathStep:
    seconds: int
    text: str


@dataclass(frozen=True, slots=True)
class RelaxRoutine:
    title: str
    steps: tuple[BreathStep, ...]
    source_names: tuple[str, ...]

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds for step in self.steps)


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SupportContentError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _check_reviewed(data: dict[str, Any], name: str) -> None:
    if not isinstance(data.get("reviewed"), date):
        raise SupportContentError(f"{name}: 'reviewed' must be a date")


def parse_support(data: object, allowed: frozenset[str] = ANY_DOMAIN) -> SupportBook:
    if not isinstance(data, dict) or not isinstance(data.get("organisations"), list):
        raise SupportContentError("support.yaml: an 'organisations' list is required")
    _check_reviewed(data, "support.yaml")
    found: list[Organisation] = []
    for item in data["organisations"]:
        if not isinstance(item, dict):
            raise SupportContentError(f"support.yaml: each row must be a mapping: {item!r}")
        name = _text(item, "name", "support.yaml")
        url = _text(item, "url", f"support.yaml: {name}")
        problem = source_problem(url, allowed)
        if problem is not None:
            raise SupportContentError(f"support.yaml: {name}: {problem}")
        countries = item.get("countries")
        if not isinstance(countries, list) or not countries or not all(isinstance(c, str) for c in countries):
            raise SupportContentError(f"support.yaml: {name}: 'countries' must be a list of ISO codes or '*'")
        found.append(
            Organisation(name, _text(item, "about", f"support.yaml: {name}"), url, frozenset(countries))
        )
    if not found:
        raise SupportContentError("support.yaml: no organisations")
    return SupportBook(tuple(found))


def parse_relaxation(data: object, allowed: frozenset[str] = ANY_DOMAIN) -> RelaxRoutine:
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise SupportContentError("relaxation.yaml: a 'steps' list is required")
    _check_reviewed(data, "relaxation.yaml")
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        raise SupportContentError("relaxation.yaml: at least one source is required")
    names = []
    for source in sources:
        if not isinstance(source, dict):
            raise SupportContentError("relaxation.yaml: each source needs a name and url")
        problem = source_problem(_text(source, "url", "relaxation.yaml source"), allowed)
        if problem is not None:
            raise SupportContentError(f"relaxation.yaml: {problem}")
        names.append(_text(source, "name", "relaxation.yaml source"))
    steps = []
    for item in data["steps"]:
        seconds = item.get("seconds") if isinstance(item, dict) else None
        if not isinstance(seconds, int) or not 1 <= seconds <= MAX_STEP_SECONDS:
            raise SupportContentError(f"relaxation.yaml: each step needs seconds (1-{MAX_STEP_SECONDS})")
        steps.append(BreathStep(seconds, _text(item, "text", "relaxation.yaml step")))
    if not 2 <= len(steps) <= MAX_STEPS:
        raise SupportContentError(f"relaxation.yaml: 2-{MAX_STEPS} steps")
    return RelaxRoutine(_text(data, "title", "relaxation.yaml"), tuple(steps), tuple(names))


def _read(path: Path) -> object:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SupportContentError(f"{path.name}: {exc}") from exc


def load_support(path: Path, allowed: frozenset[str] = ANY_DOMAIN) -> SupportBook:
    return parse_support(_read(path), allowed)


def load_relaxation(path: Path, allowed: frozenset[str] = ANY_DOMAIN) -> RelaxRoutine:
    return parse_relaxation(_read(path), allowed)


def support_text(book: SupportBook, country: str | None, country_name: str | None) -> str:
    """The Support screen: the organisations for the person's country, with their official sites."""
    organisations, national = book.for_country(country)
    if national and country_name:
        head = f"🤝 Patient organisations for {country_name}"
    else:
        head = "🤝 Patient organisations (none listed for your country yet, so here are all of them)"
    lines = [f"• {o.name} — {o.about}\n  {o.url}" for o in organisations]
    return (
        f"{head}\n\n" + "\n".join(lines) + "\n\nThey offer information, helplines and groups; for medical "
        "advice, ask your own clinician."
    )
