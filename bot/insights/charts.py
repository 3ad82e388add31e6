"""Charts as PNG bytes, drawn for a tired reader and for black-and-white printing.

Public API (each returns PNG bytes, never None; with no episodes the chart keeps its title and axes and says
"No episodes in this period" in large letters):
- `daily_chart(episodes, tz, start, end, size="phone", marks=())` — episodes per day (the per-day average of
  7-day blocks when the period is longer than 62 days) as hatched bars, average intensity 0–10 as a line with
  round markers on a second axis; each medicine change (`ChangeMark`) in the period a vertical dashed line
  with its label (`marks_to_draw` says which and where, for the tests).
- `time_of_day_chart(episodes, tz, start, end, sleep_window, size="phone")` — episodes by local start hour;
  the sleep window is shaded (dotted) so night clustering shows.
- `regions_chart(episodes, tz, start, end, size="phone")` — horizontal bars per body region, split by side
  with a different hatch per side.
`size` is one of `CHART_SIZES` ("phone", "pdf", "small"). Every chart is under 200 KB.

Thread safety: only `matplotlib.figure.Figure` with its own Agg canvas is used — never pyplot, never
rcParams — so charts can be drawn from several executor threads at once.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Any, Literal
from zoneinfo import ZoneInfo

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.episodes.model import Episode
from bot.episodes.vocabulary import REGION_LABELS, Region, Side
from bot.insights.model import (
    ChangeMark,
    SleepWindow,
    day_count,
    days_between,
    format_period,
    in_period,
    local_start,
)
from bot.insights.stats import counts_by_hour

EMPTY_TEXT = "No episodes in this period"
WEEKLY_AFTER_DAYS = 62  # beyond two months daily bars get too thin to read

SizeName = Literal["phone", "pdf", "small"]


@dataclass(frozen=True)
class ChartSize:
    width_in: float
    height_in: float
    dpi: int
    font: float  # base font size in points; titles are larger

    @property
    def title(self) -> float:
        return self.font * 1.3


CHART_SIZES: dict[str, ChartSize] = {
    "phone": ChartSize(8.0, 5.5, 120, 15),  # 960×660 px: readable when a phone shrinks it
    "pdf": ChartSize(10.0, 4.1, 130, 13),  # full page width in the report
    "small": ChartSize(6.0, 4.0, 100, 11),
}

BAR_FACE, BAR_EDGE = "#bdbdbd", "black"
SIDE_STYLES: dict[Side | None, tuple[str, str, str]] = {  # label, face, hatch
    Side.LEFT: ("left", "white", "///"),
    Side.RIGHT: ("right", "#8c8c8c", ""),
    Side.BOTH: ("both sides", "white", "xxx"),
    None: ("side not given", "#d9d9d9", ""),
}


def _new_figure(size: ChartSize) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi, layout="constrained")
    FigureCanvasAgg(fig)  # attaches itself to the figure; no global backend switch needed
    ax = fig.add_subplot()
    ax.tick_params(labelsize=size.font * 0.9)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    return fig, ax


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _say_empty(ax: Axes, size: ChartSize) -> None:
    ax.text(
        0.5,
        0.5,
        EMPTY_TEXT,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=size.title,
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "black"},
    )


def _date_label(value: float, _position: object) -> str:
    day = mdates.num2date(value)
    return f"{day.day} {day:%b}"


def _daily_bins(
    chosen: Sequence[Episode], tz: ZoneInfo, start: date, end: date, step: int
) -> tuple[list[date], list[int], list[float], dict[date, list[int]]]:
    """Bins of `step` days: their starts, lengths, episodes per day, and the intensities in each."""
    bins = list(days_between(start, end))[::step]
    counts: Counter[date] = Counter()
    intensities: dict[date, list[int]] = {}
    for ep in chosen:
        day = local_start(ep, tz).date()
        key = start + timedelta(days=(day - start).days // step * step)
        counts[key] += 1
        intensities.setdefault(key, []).append(ep.intensity)
    # A per-day average keeps a short last block comparable with full weeks.
    block_days = [min(step, day_count(b, end)) for b in bins]
    values = [counts[b] / n for b, n in zip(bins, block_days, strict=True)]
    return bins, block_days, values, intensities


def _intensity_line(
    ax: Any, spec: Any, with_data: list[tuple[date, int]], intensities: dict[date, list[int]], weekly: bool
) -> Any:
    """Average intensity per bin as circles on a second (right) scale."""
    right = ax.twinx()
    right.spines["top"].set_visible(False)
    right.tick_params(labelsize=spec.font * 0.9)
    right.set_ylim(0, 10.5)
    right.set_ylabel("Average intensity (0–10)", fontsize=spec.font)
    (line,) = right.plot(
        [mdates.date2num(b) + (n * 0.425 if weekly else 0.0) for b, n in with_data],
        [fmean(intensities[b]) for b, _ in with_data],
        color="black",
        linestyle="--",
        linewidth=1.5,
        marker="o",
        markersize=7 if len(with_data) < 60 else 5,
        markerfacecolor="white",
        markeredgewidth=1.8,
    )
    return line


MARK_LABEL_CHARS = 28  # a label longer than this would run off a short chart


def marks_to_draw(marks: Iterable[ChangeMark], start: date, end: date) -> list[tuple[float, str]]:
    """(x on the date axis, label) of each medicine change inside [start, end], one line per day
    (labels of the same day joined), in date order."""
    by_day: dict[date, list[str]] = {}
    for mark in marks:
        if start <= mark.day <= end and mark.label not in by_day.get(mark.day, []):
            by_day.setdefault(mark.day, []).append(mark.label)
    return [
        (float(mdates.date2num(day)), "; ".join(labels)[:MARK_LABEL_CHARS].rstrip(" ;"))
        for day, labels in sorted(by_day.items())
    ]


def _draw_marks(ax: Axes, marks: list[tuple[float, str]], spec: ChartSize) -> None:
    for x, label in marks:
        ax.axvline(x, color="black", linestyle=(0, (5, 3)), linewidth=1.4, zorder=3)
        ax.text(
            x,
            0.98,
            f" {label}",
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="right",
            va="top",
            fontsize=spec.font * 0.75,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
            zorder=4,
        )


def daily_chart(
    episodes: Iterable[Episode],
    tz: ZoneInfo,
    start: date,
    end: date,
    size: SizeName = "phone",
    marks: Sequence[ChangeMark] = (),
) -> bytes:
    """Episodes per local day with their average intensity; over 62 days, per-day averages of 7-day
    blocks; medicine changes as dashed vertical lines with a label."""
    spec = CHART_SIZES[size]
    chosen = in_period(episodes, tz, start, end)
    weekly = day_count(start, end) > WEEKLY_AFTER_DAYS
    step = 7 if weekly else 1
    bins, block_days, values, intensities = _daily_bins(chosen, tz, start, end, step)

    fig, ax = _new_figure(spec)
    what = "Episodes per day (weekly average)" if weekly else "Episodes per day"
    fig.suptitle(f"{what} and how strong they were", fontsize=spec.title, fontweight="bold")
    ax.set_title(format_period(start, end), fontsize=spec.font)
    x = [mdates.date2num(b) for b in bins]
    ax.bar(
        x,
        values,
        width=[n * 0.85 for n in block_days],
        align="edge" if weekly else "center",
        color=BAR_FACE,
        edgecolor=BAR_EDGE,
        hatch="//",
        linewidth=0.8,
    )
    ax.set_ylabel("Episodes per day", fontsize=spec.font)
    ax.set_ylim(0, max([*values, 4]) * 1.1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(_date_label)
    ax.set_xlim(x[0] - 0.7, x[-1] + (step if weekly else 0.7))

    _draw_marks(ax, marks_to_draw(marks, start, end), spec)
    with_data = [(b, n) for b, n in zip(bins, block_days, strict=True) if b in intensities]
    line = _intensity_line(ax, spec, with_data, intensities, weekly)
    if not chosen:
        _say_empty(ax, spec)
    else:
        _daily_legend(fig, spec, line)
    return _png(fig)


def _daily_legend(fig: Figure, spec: Any, line: Any) -> None:
    bars = Patch(facecolor=BAR_FACE, edgecolor=BAR_EDGE, hatch="//")
    fig.legend(
        handles=[bars, line],
        labels=["Episodes per day (bars, left scale)", "Average intensity (circles, right scale)"],
        loc="outside lower center",
        ncols=2,
        fontsize=spec.font * 0.85,
        frameon=False,
    )


def time_of_day_chart(
    episodes: Iterable[Episode],
    tz: ZoneInfo,
    start: date,
    end: date,
    sleep_window: SleepWindow,
    size: SizeName = "phone",
) -> bytes:
    """Episodes by local start hour (wall clock), sleep hours shaded."""
    spec = CHART_SIZES[size]
    chosen = in_period(episodes, tz, start, end)
    by_hour = counts_by_hour(chosen, tz, start, end)
    fig, ax = _new_figure(spec)
    fig.suptitle("What time of day episodes start", fontsize=spec.title, fontweight="bold")
    night = sum(1 for ep in chosen if ep.nocturnal)
    subtitle = format_period(start, end)
    if chosen:
        subtitle += f" · {night} of {len(chosen)} logged as at night"
    ax.set_title(subtitle, fontsize=spec.font)
    top = max([*by_hour, 4]) * 1.15
    for left, right in sleep_window.spans():
        ax.axvspan(left, right, facecolor="#e6e6e6", edgecolor="#9e9e9e", hatch="..", linewidth=0, zorder=0)
    hours = list(range(24))
    ax.bar(
        [h + 0.5 for h in hours],
        [by_hour[h] for h in hours],
        width=0.8,
        color="#4d4d4d",
        edgecolor="black",
        zorder=2,
    )
    ax.set_xlim(0, 24)
    ax.set_ylim(0, top)
    ax.set_xticks(range(0, 25, 3))
    ax.set_xticklabels([f"{h:02d}:00" for h in range(0, 25, 3)])
    ax.set_xlabel("Hour of the day (your local time)", fontsize=spec.font)
    ax.set_ylabel("Number of episodes", fontsize=spec.font)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(
        handles=[Patch(facecolor="#e6e6e6", edgecolor="#9e9e9e", hatch="..")],
        labels=[f"Your usual sleep hours ({sleep_window.label()})"],
        loc="outside lower center",
        fontsize=spec.font * 0.85,
        frameon=False,
    )
    if not chosen:
        _say_empty(ax, spec)
    return _png(fig)


def regions_chart(
    episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date, size: SizeName = "phone"
) -> bytes:
    """Horizontal bars per body region, most frequent at the top, split by side."""
    spec = CHART_SIZES[size]
    chosen = in_period(episodes, tz, start, end)
    by_region_side: Counter[tuple[Region, Side | None]] = Counter()
    for ep in chosen:
        side = None if ep.side in (None, Side.NA) else ep.side
        by_region_side[(ep.region, side)] += 1
    totals = Counter(ep.region for ep in chosen)
    order = list(Region)
    regions = sorted(totals, key=lambda r: (-totals[r], order.index(r)))
    regions.reverse()  # barh draws bottom-up; the most frequent should be on top

    fig, ax = _new_figure(spec)
    fig.suptitle("Where episodes happen: body region and side", fontsize=spec.title, fontweight="bold")
    ax.set_title(format_period(start, end), fontsize=spec.font)
    ax.set_xlabel("Number of episodes", fontsize=spec.font)
    if not chosen:
        ax.set_yticks([])
        ax.set_xlim(0, 10)
        _say_empty(ax, spec)
        return _png(fig)

    y = list(range(len(regions)))
    left = [0] * len(regions)
    handles = []
    for side, (label, face, hatch) in SIDE_STYLES.items():
        widths = [by_region_side[(r, side)] for r in regions]
        if not any(widths):
            continue
        ax.barh(y, widths, left=left, color=face, edgecolor="black", hatch=hatch, height=0.7, linewidth=0.8)
        handles.append(Patch(facecolor=face, edgecolor="black", hatch=hatch, label=label))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for i, region in enumerate(regions):
        ax.text(totals[region], i, f"  {totals[region]}", va="center", fontsize=spec.font)
    ax.set_yticks(y)
    ax.set_yticklabels([REGION_LABELS[r] for r in regions], fontsize=spec.font)
    ax.set_xlim(0, max(totals.values()) * 1.18)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        fontsize=spec.font * 0.85,
        frameon=False,
    )
    return _png(fig)
