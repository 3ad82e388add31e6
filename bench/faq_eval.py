"""Evaluate the FAQ matcher and the red-flag triage on the labelled sets in tests/faq/.

Run: .venv/bin/python -m bench.faq_eval [-v]
Prints top-1/top-3 accuracy, red-flag recall, false-alarm rate and match latency (p50/p99).
The loaders and evaluators live in tests/faq/evaluation.py, where the tests assert the accuracy targets.
"""

from __future__ import annotations

import sys
import time

from bot.faq import FaqMatcher, default_content_dir, load_faq
from bot.faq.triage import load_red_flags
from tests.faq.evaluation import (
    evaluate_matcher,
    evaluate_red_flags,
    load_question_cases,
    load_red_flag_cases,
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
