"""Red-flag triage on the labelled sets in tests/safety/data/: recall, right tier, false alarms, latency.

Run: .venv/bin/python -m bench.triage_eval [-v]
Targets (issue #9): recall 100%, false alarms <= 2%, p99 <= 5 ms per message. The unit tests assert
the counts on the same files; only this script measures time.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from bot.faq import default_content_dir
from bot.safety import TriageRules, load_triage_rules

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "safety" / "data"
FAQ_QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "faq" / "questions.tsv"
LATENCY_ROUNDS = 20


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    started = time.perf_counter()
    rules: TriageRules = load_triage_rules(default_content_dir())
    load_ms = (time.perf_counter() - started) * 1000
    alarming = _rows(DATA_DIR / "alarming.tsv")
    calm = [row["text"] for row in _rows(DATA_DIR / "calm.tsv")]
    faq_questions = [row["question"] for row in _rows(FAQ_QUESTIONS)] if FAQ_QUESTIONS.exists() else []

    missed, wrong_tier = [], []
    for row in alarming:
        flag = rules.check(row["text"])
        if flag is None:
            missed.append(row["text"])
        elif flag.tier != row["tier"]:
            wrong_tier.append(f"{row['text']!r}: {row['tier']} expected, got {flag.tier} ({flag.id})")
    false_alarms = [text for text in calm if rules.check(text) is not None]
    faq_alarms = [text for text in faq_questions if rules.check(text) is not None]

    texts = [row["text"] for row in alarming] + calm
    timings: list[float] = []
    for _ in range(LATENCY_ROUNDS):
        for text in texts:
            began = time.perf_counter()
            rules.check(text)
            timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    long_text = "my legs are stiff today and " * 180  # ~5,000 characters, the checked maximum
    long_timings = []
    for _ in range(LATENCY_ROUNDS):
        began = time.perf_counter()
        rules.check(long_text)
        long_timings.append((time.perf_counter() - began) * 1000)

    by_tier: dict[str, int] = {}
    for row in alarming:
        by_tier[row["tier"]] = by_tier.get(row["tier"], 0) + 1
    positives = len(alarming)
    print(f"Rules: {len(rules.flags)} (loaded in {load_ms:.0f} ms)")
    print(f"Alarming texts: {positives} ({', '.join(f'{tier} {count}' for tier, count in by_tier.items())})")
    print(f"  recall: {(positives - len(missed)) / positives:.1%} ({len(missed)} missed)")
    print(f"  right tier: {(positives - len(missed) - len(wrong_tier)) / positives:.1%}")
    print(f"Ordinary texts: {len(calm)}")
    print(f"  false alarms: {len(false_alarms) / len(calm):.1%} ({len(false_alarms)} texts)")
    if faq_questions:
        print(
            f"  FAQ questions (tests/faq/questions.tsv) that trigger: {len(faq_alarms)} of {len(faq_questions)}"
        )
    print(
        f"Latency per message ({len(texts)} texts x {LATENCY_ROUNDS}): p50 {_percentile(timings, 0.5):.3f} ms"
        f"   p99 {_percentile(timings, 0.99):.3f} ms   max {timings[-1]:.3f} ms"
    )
    print(f"  a 5,000-character message: max {max(long_timings):.2f} ms")
    if verbose:
        for text in missed:
            print(f"    [missed] {text!r}")
        for line in wrong_tier:
            print(f"    [wrong tier] {line}")
        for text in false_alarms + faq_alarms:
            print(f"    [false alarm] {text!r} -> {rules.check(text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
