"""Accuracy of the intent rules on the labelled set: `python -m bench.intent_eval`.

Prints overall accuracy, the two mistakes that matter most (an episode line sent to the FAQ, a
question stored as an episode) and every miss. Numbers go in docs/PERFORMANCE.md."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from bot.intents.evaluate import evaluate, read_labelled

DATA = Path(__file__).resolve().parent.parent / "tests" / "intents" / "data"
SETS = {"labelled (rules written with it)": "intents.tsv", "held out (never tuned on)": "intents_heldout.tsv"}


def main() -> None:
    for name, file in SETS.items():
        print(f"== {name}: {file}")
        report(DATA / file)


def report(path: Path) -> None:
    rows = read_labelled(path)
    started = time.perf_counter()
    score = evaluate(rows)
    elapsed = time.perf_counter() - started
    per_label = Counter(label for label, _text in rows)
    print(f"lines: {score.total}  correct: {score.correct}  accuracy: {score.accuracy:.1%}")
    print(f"episode lines sent to the FAQ: {score.count('episode', 'question')}")
    print(
        f"questions stored as episodes: {score.count('question', 'episode') + score.count('medicine', 'episode')}"
    )
    print("per label: " + ", ".join(f"{label} {n}" for label, n in sorted(per_label.items())))
    print(f"time: {elapsed * 1000 / max(score.total, 1):.2f} ms per line")
    for label, got, text in score.misses:
        print(f"  MISS {label} -> {got}: {text}")


if __name__ == "__main__":
    main()
