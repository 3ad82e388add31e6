"""Evaluate the FAQ matcher on the labelled questions in tests/faq/ (red-flag triage: bench/triage_eval.py).

Run: .venv/bin/python -m bench.faq_eval [-v]
Prints top-1/top-3 accuracy and match latency (p50/p99).
The tests in tests/faq/ import these functions and assert the project's targets.
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.faq import FaqMatcher, default_content_dir, load_faq

CASES_DIR = Path(__file__).resolve().parents[1] / "tests" / "faq"
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


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    content_dir = default_content_dir()
    library = load_faq(content_dir)
    started = time.perf_counter()
    matcher = FaqMatcher(library)
    build_ms = (time.perf_counter() - started) * 1000
    questions = load_question_cases()
    report = evaluate_matcher(matcher, questions)
    own = sum(case.origin == "own" for case in questions)
    print(f"FAQ entries: {len(library.entries)}; matcher built in {build_ms:.0f} ms")
    print(f"Questions: {report.total} ({report.total - own} from questions-dev, {own} own)")
    print(f"  top-1 accuracy: {report.top1:.1%}   top-3 accuracy: {report.top3:.1%}")
    print(f"  match latency: p50 {report.p50_ms:.2f} ms   p99 {report.p99_ms:.2f} ms")
    if verbose:
        for question, expected, got in report.misses:
            marker = "top3" if expected in got else "MISS"
            print(f"    [{marker}] {question!r}: expected {expected}, got {got}")

    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
