"""Benchmark the insights package on a heavy user: 2,000 episodes over a year.

Run by hand: `.venv/bin/python -m bench.bench_insights`. Prints each timing against its target and writes the
charts and the PDF (plus its pages as PNG when `pdftoppm` is installed) into /tmp/insights-look/ to look at.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Trigger
from bot.insights import charts
from bot.insights.model import Adherence, SleepWindow
from bot.insights.report import build_report_pdf
from bot.insights.stats import compare, format_summary_text, period_bounds, summarize

TZ = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 12, 31)
OUT = Path("/tmp/insights-look")
T = TypeVar("T")

NOTES = [
    "Woke up twice, calf rock hard. Stretched against the wall.",
    "Krampf in der Wade nach dem Spaziergang – übel.",
    "Судорога ночью, долго не проходило.",
    "After the long drive; both feet curled 😣",
    "Spasm while transferring to the wheelchair, leg kicked out.",
]


def synthetic_year(count: int = 2000, seed: int = 7) -> tuple[list[Episode], Adherence]:
    """A heavy user's year: mostly night calf cramps, some daytime spasms, reminders most days."""
    rng = random.Random(seed)
    first = TODAY - timedelta(days=364)
    episodes = []
    for i in range(count):
        day = first + timedelta(days=rng.randrange(365))
        nocturnal = rng.random() < 0.65
        hour = rng.choice([22, 23, 0, 1, 2, 3, 4, 5]) if nocturnal else rng.randrange(7, 22)
        local = datetime.combine(day, time(hour, rng.randrange(60)), TZ)
        started = local.astimezone(UTC)
        region = rng.choices(
            [
                Region.CALF,
                Region.FOOT,
                Region.HAMSTRING,
                Region.THIGH_FRONT,
                Region.LOWER_BACK,
                Region.ARM_HAND,
            ],
            weights=[50, 20, 10, 8, 7, 5],
        )[0]
        relief = tuple(
            rng.sample([Relief.STRETCHING, Relief.MASSAGE, Relief.HEAT, Relief.WALKING], rng.randrange(3))
        )
        episodes.append(
            Episode(
                id=i + 1,
                user_id=1,
                started_at_utc=started,
                timezone=TZ.key,
                nocturnal=nocturnal,
                kind=rng.choice([Kind.CRAMP, Kind.CRAMP, Kind.SPASM, Kind.STIFFNESS, None]),
                region=region,
                side=rng.choice([Side.LEFT, Side.RIGHT, Side.BOTH, None]),
                intensity=max(0, min(10, round(rng.gauss(5.5, 2)))),
                duration_seconds=rng.choice([None, 30, 60, 90, 120, 300, 600]),
                ongoing=rng.random() < 0.02,
                triggers=tuple(rng.sample(list(Trigger), rng.choice([0, 0, 1, 1, 2]))),
                trigger_text=None,
                symptoms=(),
                relief=relief,
                relief_helped=rng.choice(list(Helped)) if relief else None,
                notes=rng.choice(NOTES) if rng.random() < 0.1 else None,
                logged_at_utc=started + timedelta(minutes=5),
            )
        )
    days = [first + timedelta(days=d) for d in range(365)]
    adherence = Adherence(
        stretch_sent_dates=frozenset(days),
        stretch_done_dates=frozenset(d for d in days if rng.random() < 0.6),
        hydration_sent_dates=frozenset(days),
        hydration_answered_dates=frozenset(d for d in days if rng.random() < 0.7),
    )
    return episodes, adherence


def timed(label: str, target_s: float, work: Callable[[], T], repeats: int = 3) -> T:
    """Best of `repeats` runs (the first includes imports and font loading, so it is reported too)."""
    result: T | None = None
    times = []
    for _ in range(repeats):
        t0 = clock.perf_counter()
        result = work()
        times.append(clock.perf_counter() - t0)
    best = min(times)
    print(
        f"{label:<34} best {best * 1000:7.0f} ms  first {times[0] * 1000:7.0f} ms  "
        f"target {target_s * 1000:5.0f} ms  ratio {best / target_s:4.2f}"
    )
    assert result is not None
    return result


def main() -> None:
    episodes, adherence = synthetic_year()
    sleep = SleepWindow(time(22, 30), time(6, 30))
    OUT.mkdir(exist_ok=True)
    print(f"{len(episodes)} episodes over a year ({TZ.key})")

    def summary_and_text() -> str:
        week = period_bounds("month", TODAY, episodes, TZ)
        current = summarize(episodes, TZ, week.start, week.end)
        previous = summarize(episodes, TZ, week.previous().start, week.previous().end)
        return format_summary_text(current, compare(current, previous), TZ)

    text = timed("summary + compare + text (month)", 0.3, summary_and_text)
    year = period_bounds("all", TODAY, episodes, TZ)
    timed("summary (whole year)", 0.3, lambda: summarize(episodes, TZ, year.start, year.end))

    def three_charts() -> list[bytes]:
        return [
            charts.daily_chart(episodes, TZ, year.start, year.end),
            charts.time_of_day_chart(episodes, TZ, year.start, year.end, sleep),
            charts.regions_chart(episodes, TZ, year.start, year.end),
        ]

    pngs = timed("three charts (year, phone size)", 1.5, three_charts)
    pdf = timed(
        "PDF report (year, 2,000 rows)",
        2.0,
        lambda: build_report_pdf(
            episodes,
            TZ,
            year.start,
            year.end,
            patient_name="Anna K.",
            adherence=adherence,
            sleep_window=sleep,
            generated_at=datetime(2027, 1, 1, 9, 0, tzinfo=UTC),
        ),
        repeats=2,
    )
    month = period_bounds("month", TODAY, episodes, TZ)
    month_pdf = build_report_pdf(
        episodes,
        TZ,
        month.start,
        month.end,
        patient_name=None,
        adherence=adherence,
        sleep_window=sleep,
        generated_at=datetime(2027, 1, 1, 9, 0, tzinfo=UTC),
    )
    for name, png in zip(("daily", "time_of_day", "regions"), pngs, strict=True):
        (OUT / f"{name}.png").write_bytes(png)
        print(f"  {name}.png {len(png) / 1024:.0f} KB")
    (OUT / "month_daily.png").write_bytes(charts.daily_chart(episodes, TZ, month.start, month.end))
    (OUT / "report_year.pdf").write_bytes(pdf)
    (OUT / "report_month.pdf").write_bytes(month_pdf)
    print(f"  report_year.pdf {len(pdf) / 1024:.0f} KB, report_month.pdf {len(month_pdf) / 1024:.0f} KB")
    print(f"  summary text: {len(text)} characters\n{text}")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-l", "4", str(OUT / "report_year.pdf"), str(OUT / "year")],
            check=True,
        )
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", str(OUT / "report_month.pdf"), str(OUT / "month")], check=True
        )
        print(f"  pages rendered into {OUT}")
    else:
        print("  pdftoppm not found (apt-get install -y poppler-utils) — pages not rendered")


if __name__ == "__main__":
    main()
