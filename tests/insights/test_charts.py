"""Charts are real PNGs (signature, pixel size, byte size) for empty and full data, from several threads."""

from __future__ import annotations

import struct
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest

from bot.episodes.vocabulary import Region, Side
from bot.insights import charts
from bot.insights.model import SleepWindow
from tests.insights.factory import BERLIN, episode, typical_week

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
START, END = date(2026, 3, 9), date(2026, 3, 15)


def _pixels(png: bytes) -> tuple[int, int]:
    # The IHDR chunk follows the signature: 4 bytes length, b"IHDR", then width and height.
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _all_charts(episodes, start=START, end=END, size="phone"):
    return {
        "daily": charts.daily_chart(episodes, BERLIN, start, end, size=size),
        "time_of_day": charts.time_of_day_chart(episodes, BERLIN, start, end, SleepWindow(), size=size),
        "regions": charts.regions_chart(episodes, BERLIN, start, end, size=size),
    }


@pytest.mark.parametrize("episodes", [[], typical_week()], ids=["empty", "typical-week"])
def test_charts_are_valid_pngs(episodes):
    for name, png in _all_charts(episodes).items():
        assert png.startswith(PNG_SIGNATURE), name
        assert 5 * 1024 < len(png) <= 200 * 1024, (name, len(png))
        assert _pixels(png) == (960, 660), name


def test_sizes_differ_and_stay_small():
    small = _all_charts(typical_week(), size="small")
    pdf = _all_charts(typical_week(), size="pdf")
    for name in small:
        assert _pixels(small[name]) == (600, 400)
        assert _pixels(pdf[name]) == (1300, 533)
        assert len(pdf[name]) <= 200 * 1024


def test_long_period_and_many_regions_stay_under_200_kb():
    start = date(2025, 3, 16)
    busy = [
        episode(
            datetime(2025, 3, 16, 8) + timedelta(hours=7 * i),
            region=list(Region)[i % 13],
            side=list(Side)[i % 4],
        )
        for i in range(1200)
    ]
    for name, png in _all_charts(busy, start, date(2026, 3, 15)).items():
        assert png.startswith(PNG_SIGNATURE) and len(png) <= 200 * 1024, name


def test_empty_chart_differs_from_full_chart():
    # The empty variant carries the "No episodes in this period" box, so it cannot equal a drawn chart.
    assert _all_charts([])["regions"] != _all_charts(typical_week())["regions"]


def test_charts_from_several_threads():
    jobs = [typical_week(), [], typical_week()[:3], typical_week()]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_all_charts, jobs))
    serial = _all_charts(typical_week())
    for result in results:
        assert all(png.startswith(PNG_SIGNATURE) for png in result.values())
    # Same input drawn in a thread and serially gives the same image: no shared state leaked between them.
    assert results[0] == serial
