"""Evaluate the FAQ matcher and the red-flag triage on the labelled sets in tests/faq/.

Run: .venv/bin/python -m bench.faq_eval [-v]
Prints top-1/top-3 accuracy, red-flag recall, false-alarm rate and match latency (p50/p99).
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
from bot.faq.triage import RedFlagRules, load_red_flags

CASES_DIR = Path(__file__).resolve().parents[1] / "tests" / "faq"
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

    rules = load_red_flags(content_dir)
    cases = load_red_flag_cases()
    ordinary_only = evaluate_red_flags(rules, cases, ordinary=[])
    with_faq = evaluate_red_flags(rules, cases, ordinary=[case.question for case in questions])
    print(f"Red flags: {ordinary_only.positives} must trigger, {ordinary_only.negatives} ordinary texts")
    print(f"  recall: {ordinary_only.recall:.1%}   right tier and rule: {ordinary_only.tier_accuracy:.1%}")
    print(f"  false alarms on ordinary texts: {ordinary_only.false_alarm_rate:.1%}")
    print(
        f"  false alarms incl. the {len(questions)} FAQ questions: {with_faq.false_alarm_rate:.1%}"
        f" ({len(with_faq.false_alarms)} texts)"
    )
    if verbose:
        for text in ordinary_only.missed:
            print(f"    [missed] {text!r}")
        for text in ordinary_only.wrong_tier:
            print(f"    [wrong tier/rule] {text!r}")
        for text in with_faq.false_alarms:
            print(f"    [false alarm] {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
