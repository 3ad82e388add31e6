"""Benchmark /stats and /report through the bot for a heavy user (2,000 episodes over a year), and how much
the event loop — everyone else's replies — is held up while the charts and the PDF are made.

    .venv/bin/python -m bench.bench_insights_loop [--runs 5] [--gc-freeze]

The real application runs in-process over the Bot API stand-in (tests/harness.py), on a temporary database
filled through EpisodeRepository.add_many. Latencies run from the moment the update is queued to the moment
the stand-in receives the bot's call. A ticker task sleeps 10 ms in a loop and records how late it wakes:
the worst lateness while a command is handled is the longest any other user's update could have waited.
Targets: summary text ≤ 300 ms, three charts ≤ 1.5 s, PDF ≤ 2 s, loop lag ≤ 100 ms.

Why charts and the PDF run in worker processes (handlers/stats.py): drawn in a thread, they held the loop up
for 160 ms (median) per PDF — the GIL, and full garbage collections set off by their allocations, which walk
every object of the bot (~370,000 once it has started: PTB, the FAQ index, the city table) for 150–200 ms.
What lag remains is the bot's own full collections; `--gc-freeze` calls `gc.freeze()` once the bot has
started (what `bot/app.py` could do after start-up), which takes those long-lived objects out of the
collector's way. The number of full collections and the slowest one are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as wall_time
from pathlib import Path

from bench.bench_insights import TODAY, TZ, synthetic_year
from bot.episodes.model import draft_from_episode
from tests.conftest import MovableClock
from tests.harness import BotHarness, running_harness
from tests.test_stats_bot import ensure_registered

USER, OTHER_USER = 1, 2
TARGETS = {"text": 0.3, "charts": 1.5, "pdf": 2.0, "lag": 0.1}
TICK = 0.010


@dataclass
class GcMonitor:
    """Durations of full (generation 2) collections, from gc.callbacks."""

    full: list[float] = field(default_factory=list)
    _started: float = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif info["generation"] == 2:
            self.full.append(time.perf_counter() - self._started)


@dataclass
class LagMonitor:
    """Wakes every TICK seconds and records (wake time, how late it woke)."""

    samples: list[tuple[float, float]] = field(default_factory=list)

    async def run(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(TICK)
            woke = time.monotonic()
            self.samples.append((woke, woke - before - TICK))

    def worst(self, start: float, end: float) -> float:
        return max((lag for woke, lag in self.samples if start <= woke <= end), default=0.0)


async def seed_year(harness: BotHarness) -> int:
    svc = harness.app.bot_data["services"]
    now = harness.clock.now()
    await svc.users.ensure(USER, USER, now)
    await svc.users.set_timezone(USER, TZ.key, now)
    episodes, _adherence = synthetic_year()
    drafts = [(draft_from_episode(ep), TZ.key, ep.nocturnal, f"bench:{ep.id}") for ep in episodes]
    await svc.episodes.add_many(USER, drafts)
    return len(drafts)


async def run_command(harness: BotHarness, text: str) -> tuple[float, dict[str, list[float]]]:
    """Queue `text` from USER, wait until handled; returns (queued at, stand-in call times by method)."""
    since = len(harness.api.calls)
    queued = time.monotonic()
    update_id = harness.api.user_message(USER, text)
    await harness.processor.wait_processed(update_id, timeout=60)
    times: dict[str, list[float]] = {}
    for call in harness.api.calls[since:]:
        if call.ok and call.params.get("chat_id") == USER:
            times.setdefault(call.method, []).append(call.time)
    return queued, times


async def other_user_reply_during_report(harness: BotHarness) -> tuple[float, float, float]:
    """/report 365 for USER; once its PDF is being made, OTHER_USER sends /help.
    Returns (report queued at, PDF sent at, /help reply latency)."""
    since = len(harness.api.calls)
    queued = time.monotonic()
    report_update = harness.api.user_message(USER, "/report 365")
    await harness.api.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=30)  # "Making…"
    await asyncio.sleep(0.2)  # well inside the PDF build
    asked = time.monotonic()
    harness.api.user_message(OTHER_USER, "/help")
    answer = (await harness.api.wait_for_calls("sendMessage", chat_id=OTHER_USER, since=since, timeout=30))[0]
    await harness.processor.wait_processed(report_update, timeout=60)
    document = harness.api.calls_named("sendDocument", chat_id=USER, since=since)[0]
    return queued, document.time, answer.time - asked


def line(label: str, values: list[float], target: float) -> str:
    median, worst = statistics.median(values), max(values)
    return (
        f"{label:<42} median {median * 1000:6.0f} ms  worst {worst * 1000:6.0f} ms  "
        f"target {target * 1000:5.0f} ms  ratio {median / target:4.2f} (worst {worst / target:4.2f})"
    )


async def main(runs: int, freeze: bool) -> None:
    # Evening of the last day of the synthetic year, Berlin time.
    clock = MovableClock(datetime.combine(TODAY, wall_time(20, 0), TZ).astimezone(UTC))
    results: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        results.setdefault(key, []).append(value)

    with tempfile.TemporaryDirectory() as tmp:
        async with running_harness(Path(tmp) / "bench.sqlite3", clock) as harness:
            ensure_registered(harness.app)
            count = await seed_year(harness)
            print(f"{count} episodes over a year for one user ({TZ.key}); {runs} runs each")
            print(f"objects the garbage collector tracks: {len(gc.get_objects())}; gc.freeze(): {freeze}")
            if freeze:
                gc.collect()
                gc.freeze()
            # The first charts and PDF after start wait for the worker processes to start and import.
            queued, times = await run_command(harness, "/stats all")
            cold_charts = times["sendPhoto"][-1] - queued
            queued, times = await run_command(harness, "/report 365")
            cold_pdf = times["sendDocument"][0] - queued
            print(
                f"first call after start: charts {cold_charts * 1000:.0f} ms, PDF {cold_pdf * 1000:.0f} ms\n"
            )

            collections = GcMonitor()
            gc.callbacks.append(collections)
            monitor = LagMonitor()
            ticker = asyncio.create_task(monitor.run())
            try:
                for _ in range(runs):
                    for command in ("/stats", "/stats all"):
                        queued, times = await run_command(harness, command)
                        add(f"text {command}", times["sendMessage"][0] - queued)
                        add(f"charts {command}", times["sendPhoto"][-1] - queued)
                        add(f"lag {command}", monitor.worst(queued, times["sendPhoto"][-1]))
                    queued, times = await run_command(harness, "/report 365")
                    add("pdf", times["sendDocument"][0] - queued)
                    add("lag pdf", monitor.worst(queued, times["sendDocument"][0]))
                    queued, sent, help_latency = await other_user_reply_during_report(harness)
                    add("pdf", sent - queued)
                    add("lag pdf", monitor.worst(queued, sent))
                    add("help during pdf", help_latency)
            finally:
                ticker.cancel()
                gc.callbacks.remove(collections)

    print(line("/stats (week): summary text", results["text /stats"], TARGETS["text"]))
    print(line("/stats all (year): summary text", results["text /stats all"], TARGETS["text"]))
    print(line("/stats (week): all three charts sent", results["charts /stats"], TARGETS["charts"]))
    print(line("/stats all (year): all three charts sent", results["charts /stats all"], TARGETS["charts"]))
    print(line("/report 365: PDF sent", results["pdf"], TARGETS["pdf"]))
    print(line("loop lag during /stats (week)", results["lag /stats"], TARGETS["lag"]))
    print(line("loop lag during /stats all", results["lag /stats all"], TARGETS["lag"]))
    print(line("loop lag during /report 365", results["lag pdf"], TARGETS["lag"]))
    print(line("another user's /help reply during the PDF", results["help during pdf"], TARGETS["lag"]))
    slowest = max(collections.full, default=0.0)
    print(
        f"full garbage collections while measuring: {len(collections.full)}, slowest {slowest * 1000:.0f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() once the bot has started")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.gc_freeze))
