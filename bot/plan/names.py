"""Recognising a medicine name the person typed, typos and brand names included, against the sourced
list in content/medicines.yaml. Recognition only tidies the label ("baclofen" for "baclofn"); any
name is accepted, and the person's own spelling is kept too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.content_files import load_yaml
from bot.faq.sources import ANY_DOMAIN, source_problem
from bot.lang.normalise import normalise

MIN_SCORE = 84  # rapidfuzz ratio: one slip in a short name ("baclofn", "tizandine") still matches


class MedicineListError(ValueError):
    """content/medicines.yaml is broken; the message names the problem."""


@dataclass(frozen=True, slots=True)
class MedicineCatalogue:
    names: dict[str, str]  # every spelling (lower case) -> the generic name

    def recognise(self, typed: str) -> str | None:
        """The generic name for what was typed, or None when nothing is close enough."""
        key = normalise(typed)
        if not key:
            return None
        if key in self.names:
            return self.names[key]
        if len(key) < 4:  # "som" is not "soma": too short to guess from
            return None
        found = process.extractOne(key, self.names.keys(), scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        return None if found is None else self.names[found[0]]


def parse_catalogue(data: object, allowed: frozenset[str] = ANY_DOMAIN) -> MedicineCatalogue:
    """Every spelling of every listed medicine; each row must cite an allowed official page."""
    if not isinstance(data, dict) or not isinstance(data.get("medicines"), list):
        raise MedicineListError("medicines.yaml: a 'medicines' list is required")
    names: dict[str, str] = {}
    for item in data["medicines"]:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise MedicineListError(f"medicines.yaml: each row needs a name: {item!r}")
        generic = item["name"].lower()
        problem = source_problem(str(item.get("source", "")), allowed)
        if problem is not None:
            raise MedicineListError(f"medicines.yaml: {generic}: {problem}")
        for spelling in [generic, *item.get("also", [])]:
            names[str(spelling).lower()] = generic
    return MedicineCatalogue(names)


def load_catalogue(path: Path, allowed: frozenset[str] = ANY_DOMAIN) -> MedicineCatalogue:
    return parse_catalogue(load_yaml(path.read_text(encoding="utf-8")), allowed)
