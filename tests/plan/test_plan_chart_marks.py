"""Starting, changing, pausing or stopping a medicine marks the /stats daily chart and the report: a
dashed vertical line with a short label, and in the report the change in words."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

import matplotlib.dates as mdates
from pypdf import PdfReader

from bot.episodes.model import Episode
from bot.episodes.vocabulary import Relief
from bot.insights import charts
from bot.insights.model import Adherence, ChangeMark, SleepWindow
from bot.insights.report import build_report_pdf
from bot.plan.model import MedicineStatus
from handlers import plan_report
from tests.harness import BotHarness, texts
from tests.insights.factory import BERLIN, episode

START, END = date(2026, 3, 2), date(2026, 3, 15)


def _week() -> list[Episode]:
    return [episode(datetime(2026, 3, 2 + d, 9, 0), intensity=4 + d % 3) for d in range(0, 14, 2)]


def test_marks_inside_the_period_one_line_per_day() -> None:
    marks = [
        ChangeMark(date(2026, 3, 5), "baclofen started"),
        ChangeMark(date(2026, 3, 5), "ibuprofen stopped"),
        ChangeMark(date(2026, 3, 1), "before the period"),
        ChangeMark(date(2026, 3, 16), "after the period"),
        ChangeMark(date(2026, 3, 10), "baclofen changed"),
    ]
    drawn = charts.marks_to_draw(marks, START, END)
    assert drawn == [
        (
            mdates.date2num(date(2026, 3, 5)),
            "baclofen started; ibuprofen stopped"[: charts.MARK_LABEL_CHARS].rstrip(" ;"),
        ),
        (mdates.date2num(date(2026, 3, 10)), "baclofen changed"),
    ]
    assert charts.marks_to_draw([], START, END) == []


def test_the_daily_chart_differs_when_a_change_is_marked() -> None:
    plain = charts.daily_chart(_week(), BERLIN, START, END, "small")
    marked = charts.daily_chart(
        _week(), BERLIN, START, END, "small", [ChangeMark(date(2026, 3, 9), "baclofen started")]
    )
    outside = charts.daily_chart(
        _week(), BERLIN, START, END, "small", [ChangeMark(date(2026, 4, 9), "baclofen started")]
    )
    assert marked.startswith(b"\x89PNG") and marked != plain
    assert outside == plain  # a change outside the period draws nothing


def _report_text(marks: list[ChangeMark]) -> str:
    pdf = build_report_pdf(
        [*_week(), episode(datetime(2026, 3, 12, 20, 0), relief=[Relief.RELAXATION])],
        BERLIN,
        START,
        END,
        patient_name=None,
        adherence=Adherence(),
        sleep_window=SleepWindow(time(22, 0), time(6, 30)),
        generated_at=datetime(2026, 3, 16, 8, 0, tzinfo=UTC),
        marks=marks,
    )
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_report_names_the_change() -> None:
    text = _report_text([ChangeMark(date(2026, 3, 9), "baclofen started")])
    assert "Dashed lines: medicine changes (baclofen started on 9 Mar 2026)" in text, text
    assert "relaxation / breathing" in text  # the new relief prints in the table
    assert "Dashed lines" not in _report_text([])


async def test_marks_from_the_persons_medicine_changes(harness: BotHarness) -> None:
    user = 61
    harness.clock.set(datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    await harness.send("/timezone Europe/London", user)
    await harness.send("/meds add baclofen 08:00 20:00", user)
    harness.clock.set(datetime(2026, 11, 5, 12, 0, tzinfo=UTC))
    await harness.send("/meds change baclofen 08:00 14:00 20:00", user)
    harness.clock.set(datetime(2026, 11, 7, 12, 0, tzinfo=UTC))
    services = harness.app.bot_data["services"]
    baclofen = (await services.plan.medicines.for_user(user))[0]
    await services.plan.set_medicine_status(user, baclofen.id, MedicineStatus.STOPPED)
    marks = await plan_report.chart_marks(services, user, date(2026, 11, 1), date(2026, 11, 30))
    assert marks == (
        ChangeMark(date(2026, 11, 2), "baclofen started"),
        ChangeMark(date(2026, 11, 5), "baclofen changed"),
        ChangeMark(date(2026, 11, 7), "baclofen stopped"),
    )
    assert await plan_report.chart_marks(services, user, date(2026, 11, 3), date(2026, 11, 4)) == ()
    await harness.send("left calf 6/10 2 min", user)
    out = await harness.send("/report 30", user)
    documents = [o for o in out if o["method"] == "sendDocument"]
    assert documents, texts(out)
    _name, data = next(iter(documents[0]["files"].values()))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "baclofen started on 2 Nov 2026" in text and "baclofen stopped on 7 Nov 2026" in text, text
    photos = [o for o in await harness.send("/stats month", user) if o["method"] == "sendPhoto"]
    assert len(photos) == 3
