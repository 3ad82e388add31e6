"""Episode-line parser speed on the test suite's example lines (target: mean < 5 ms per line).

Run: .venv/bin/python -m bench.bench_parse
Prints the mean and worst time per line after a warm-up (dateparser loads its data on first use).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.episodes.parse import parse_episode_line
from tests.test_episode_parse import CASES, NOT_EPISODES

NOW = datetime(2026, 5, 14, 7, 30, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")
ROUNDS = 5


def _parse(text: str) -> None:
    parse_episode_line(text, now=NOW, tz=TZ)


def main() -> None:
    lines = [text for text, _ in CASES] + NOT_EPISODES
    for text in lines:
        _parse(text)
    timings = []
    for _ in range(ROUNDS):
        for text in lines:
            started = time.perf_counter()
            _parse(text)
            timings.append((time.perf_counter() - started) * 1000)
    mean = sum(timings) / len(timings)
    print(
        f"{len(lines)} lines x {ROUNDS}: mean {mean:.2f} ms, worst {max(timings):.2f} ms (target mean < 5 ms)"
    )


if __name__ == "__main__":
    main()
