"""The labelled question and red-flag sets in tests/faq/, and how well the matcher and the triage do
on them. The tests assert the project's accuracy targets; bench/faq_eval.py prints the same numbers
(with latency) by hand."""

from __future__ import annotations

import csv
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.faq import FaqMatcher
from bot.faq.triage import RedFlagRules

CASES_DIR = Path(__file__).resolve().parent
QUESTIONS_TSV = CASES_DIR / "questions.tsv"
RED_FLAG_TSV = CASES_DIR / "red_flag_cases.tsv"
LATENCY_ROUNDS = 3


@dataclass(frozen=True)
class QuestionCase:
    question: str
    entry_id: str
    origin: str


@dataclass(frozen=True)
class RedFlagCase:
    text: str
    tier: str | None  # None: an ordinary message that must not trigger
    rule_id: str | None


@dataclass
class MatchReport:
    total: int
    top1: float
    top3: float
    p50_ms: float
    p99_ms: float
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)


@dataclass
class TriageReport:
    positives: int
    negatives: int
    recall: float
    tier_accuracy: float
    false_alarm_rate: float
    missed: list[str] = field(default_factory=list)
    wrong_tier: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_question_cases(path: Path = QUESTIONS_TSV) -> list[QuestionCase]:
    return [QuestionCase(row["question"], row["entry_id"], row["origin"]) for row in read_tsv(path)]


def load_red_flag_cases(path: Path = RED_FLAG_TSV) -> list[RedFlagCase]:
    cases = []
    for row in read_tsv(path):
        tier = row["expected_tier"]
        cases.append(
            RedFlagCase(
                text=row["text"],
                tier=None if tier == "none" else tier,
                rule_id=row.get("expected_rule") or None,
            )
        )
    return cases


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


def evaluate_red_flags(rules: RedFlagRules, cases: list[RedFlagCase], ordinary: list[str]) -> TriageReport:
    """`cases` hold labelled texts; `ordinary` adds more texts that must not trigger."""
    positives = [case for case in cases if case.tier is not None]
    negatives = [case.text for case in cases if case.tier is None] + ordinary
    missed, wrong_tier = [], []
    for case in positives:
        flag = rules.check(case.text)
        if flag is None:
            missed.append(case.text)
        elif flag.tier != case.tier or (case.rule_id and flag.id != case.rule_id):
            wrong_tier.append(f"{case.text} -> {flag.id}")
    false_alarms = [text for text in negatives if rules.check(text) is not None]
    return TriageReport(
        positives=len(positives),
        negatives=len(negatives),
        recall=(len(positives) - len(missed)) / len(positives),
        tier_accuracy=(len(positives) - len(missed) - len(wrong_tier)) / len(positives),
        false_alarm_rate=len(false_alarms) / len(negatives),
        missed=missed,
        wrong_tier=wrong_tier,
        false_alarms=false_alarms,
    )
