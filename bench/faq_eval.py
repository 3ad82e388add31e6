"""Evaluate the FAQ matcher on the labelled questions in tests/faq/ (red-flag triage: bench/triage_eval.py).

Run: .venv/bin/python -m bench.faq_eval [-v]
Prints top-1/top-3 accuracy and match latency (p50/p99).
The loaders and evaluators live in tests/faq/evaluation.py, where the tests assert the accuracy targets.
"""

from __future__ import annotations

import sys
import time

from bot.faq import FaqMatcher, default_content_dir, load_faq
from tests.faq.evaluation import evaluate_matcher, load_question_cases


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
