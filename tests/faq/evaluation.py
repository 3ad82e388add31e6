"""The labelled questions in tests/faq/, and how well the matcher does on them (red-flag sets:
tests/safety/data/). The tests assert the project's accuracy targets; bench/faq_eval.py prints the same numbers
(with latency) by hand."""

from __future__ import annotations

import csv
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.faq import FaqMatcher

CASES_DIR = Path(__file__).resolve().parent
QUESTIONS_TSV = CASES_DIR / "questions.tsv"
LATENCY_ROUNDS = 3


@dataclass(frozen=True)
class QuestionCase:
    question: str
    entry_id: str
    origin: str


@dataclass
class MatchReport:
    total: int
    top1: float
    top3: float
    p50_ms: float
    p99_ms: float
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_question_cases(path: Path = QUESTIONS_TSV) -> list[QuestionCase]:
    return [QuestionCase(row["question"], row["entry_id"], row["origin"]) for row in read_tsv(path)]


def evaluate_matcher(matcher: FaqMatcher, cases: list[QuestionCase]) -> MatchReport:
    top1 = top3 = 0
    misses: list[tuple[str, str, list[str]]] = []
    timings: list[float] = []
    for case in cases:
        result = matcher.match(case.question)
        ids = [match.entry.id for match in result.best]
        top1 += ids[:1] == [case.entry_id]
        top3 += case.entry_id in ids
        if ids[:1] != [case.entry_id]:
            misses.append((case.question, case.entry_id, ids))
    for _ in range(LATENCY_ROUNDS):
        for case in cases:
            started = time.perf_counter()
            matcher.match(case.question)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    total = len(cases)
    return MatchReport(
        total=total,
        top1=top1 / total,
        top3=top3 / total,
        p50_ms=statistics.median(timings),
        p99_ms=timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        misses=misses,
    )
