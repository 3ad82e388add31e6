"""Entry points for the chart and PDF worker processes.

The bot process never imports matplotlib or fpdf (about 46 MB together, measured): it hands these
functions to a spawned worker, which imports the heavy modules itself when it first runs one."""

from __future__ import annotations

from typing import Any


def daily_chart(*args: Any) -> bytes:
    from bot.insights import charts

    return charts.daily_chart(*args)


def time_of_day_chart(*args: Any) -> bytes:
    from bot.insights import charts

    return charts.time_of_day_chart(*args)


def regions_chart(*args: Any) -> bytes:
    from bot.insights import charts

    return charts.regions_chart(*args)


def report_pdf(*args: Any, **kwargs: Any) -> bytes:
    from bot.insights.report import build_report_pdf

    return build_report_pdf(*args, **kwargs)
