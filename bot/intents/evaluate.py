"""Scoring the intent rules on a labelled set (tests assert on it, bench/intent_eval.py prints it).

A label is an IntentKind value, or "medicine" for a question about doses or combining medicines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.intents.router import Intent, IntentKind, classify


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (label, got, text)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def count(self, label: str, got: str) -> int:
        return self.confusions[(label, got)]


def label_of(intent: Intent) -> str:
    return "medicine" if intent.medicine else intent.kind.value


def read_labelled(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        if label != "medicine":
            IntentKind(label)  # a typo in a label fails loudly
        rows.append((label, text))
    return rows


def evaluate(rows: list[tuple[str, str]]) -> Score:
    score = Score()
    for label, text in rows:
        got = label_of(classify(text))
        score.total += 1
        score.confusions[(label, got)] += 1
        if got == label:
            score.correct += 1
        else:
            score.misses.append((label, got, text))
    return score
