"""The clinician PDF: read back with pypdf and checked for the facts a clinician needs."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

from pypdf import PdfReader

from bot.episodes.vocabulary import Region, Side
from bot.insights.model import Adherence, SleepWindow
from bot.insights.report import FOOTER_TEXT, build_report_pdf
from tests.insights.factory import BERLIN, episode, typical_week

START, END = date(2026, 3, 9), date(2026, 3, 15)
GENERATED = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)


def _build(episodes, *, name="Anna K.", start=START, end=END, adherence=None) -> list[str]:
    pdf = build_report_pdf(
        episodes,
        BERLIN,
        start,
        end,
        patient_name=name,
        adherence=adherence or Adherence(),
        sleep_window=SleepWindow(time(22, 0), time(6, 30)),
        generated_at=GENERATED,
    )
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_typical_week_report_contents():
    adherence = Adherence(
        stretch_sent_dates=frozenset(START + timedelta(days=i) for i in range(7)),
        stretch_done_dates=frozenset({START, START + timedelta(days=1)}),
    )
    pages = _build(typical_week(), adherence=adherence)
    text = "\n".join(pages)
    assert "Spasm diary report" in pages[0]
    assert "Name: Anna K." in pages[0]
    assert "9–15 Mar 2026" in pages[0]
    assert "7 on 5 of 7 days" in pages[0]  # episode count, days with data
    assert "5 at night (71%)" in pages[0]
    assert "average 6.0, worst 9" in pages[0]
    assert "done on 2 of 7 reminder days (29%)" in pages[0]
    assert "All episodes (7)" in text
    for region in ("calf", "foot", "hamstring"):
        assert region in text
    assert "Stiff after the bus ride" in text  # the note
    assert "09 Mar 2026" in text and "02:10" in text  # local time, not UTC (01:10)
    for number, page in enumerate(pages, start=1):
        assert FOOTER_TEXT in page
        assert f"Page {number} of {len(pages)}" in page


def test_empty_report_and_no_name():
    pages = _build([], name=None)
    text = "\n".join(pages)
    assert "Name:" not in text
    assert "All episodes (0)" in text
    assert "No episodes in this period" in text
    assert all(FOOTER_TEXT in page for page in pages)


def test_long_table_paginates_with_headings_and_unicode_notes():
    notes = ["Судорога ночью", "Krampf in der Wade – übel", "痛い"]
    many = [
        episode(
            datetime(2026, 3, 1, 0, 5) + timedelta(hours=2 * i),
            region=Region.FOOT if i % 2 else Region.CALF,
            side=Side.LEFT,
            intensity=i % 11,
            notes=notes[i % 3] if i < 3 else None,
        )
        for i in range(300)
    ]
    pages = _build(many, start=date(2026, 3, 1), end=date(2026, 3, 31))
    text = "\n".join(pages)
    assert "All episodes (300)" in text
    table_pages = [p for p in pages if "Lasted" in p]
    assert len(table_pages) >= 5  # 300 rows cannot fit on a few pages
    assert all("Triggers" in p and "Relief" in p for p in table_pages)  # headings repeat
    assert "Судорога ночью" in text and "übel" in text
    assert "??" in text  # glyphs the font lacks become "?" instead of failing
    assert all(FOOTER_TEXT in p for p in pages)


def test_report_keeps_to_its_period():
    # typical_week() holds one episode on each side of the week; a one-day report sees only that day.
    pages = _build(typical_week(), start=date(2026, 3, 12), end=date(2026, 3, 12))
    assert "All episodes (2)" in "\n".join(pages)
