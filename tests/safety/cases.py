"""The labelled sets in tests/safety/data/, read as plain files (bench/triage_eval.py reads the same)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class AlarmCase:
    text: str
    tier: str
    rule: str | None  # None: any rule of the right tier will do


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def alarming_cases() -> list[AlarmCase]:
    return [AlarmCase(r["text"], r["tier"], r["rule"] or None) for r in _rows(DATA_DIR / "alarming.tsv")]


def calm_texts() -> list[str]:
    return [row["text"] for row in _rows(DATA_DIR / "calm.tsv")]
