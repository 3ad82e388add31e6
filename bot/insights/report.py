"""The clinician report: a PDF built from the diary with fpdf2. Pure CPU work — call it in a thread executor.

Public API:
- `build_report_pdf(episodes, tz, start, end, *, patient_name, adherence, sleep_window, generated_at) -> bytes`

`episodes` may hold more than the period: the summary, charts and table use local dates in [start, end]; the
period of equal length just before is used only for the trend lines. Contents: title, the name the patient
chose (or none), the period; a one-page summary (counts, night share, intensity and frequency trend, scores,
top triggers, relief that helped, reminder adherence, exploratory patterns); the three charts; a table of every
episode (paginated, headings repeated); the notes. Every page has the footer
"Generated from a self-reported diary — not a medical record" and "Page n of N". Text uses DejaVu Sans (shipped
with matplotlib) so notes in most scripts render; characters the font lacks print as "?". Black and white only.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace, TTFFont

from bot.episodes.model import Episode
from bot.episodes.vocabulary import (
    HELPED_LABELS,
    KIND_LABELS,
    REGION_LABELS,
    RELIEF_LABELS,
    SIDE_LABELS,
    TRIGGER_LABELS,
)
from bot.insights import charts
from bot.insights.checkins import night_check_in_text
from bot.insights.explore import explore
from bot.insights.model import (
    ESTIMATE_LABEL,
    Adherence,
    ChangeMark,
    Period,
    SleepWindow,
    days_between,
    format_date,
    format_duration,
    format_percent_change,
    format_period,
    in_period,
    local_start,
)
from bot.insights.pdf_table import draw_table
from bot.insights.scores import (
    RESPONDER_PERCENT,
    SFS_SCORES,
    BaselineChange,
    ChangeFlag,
    daily_sfs,
    frequency_change,
    intensity_change,
    psfs_frequency_estimate,
)
from bot.insights.stats import PeriodSummary, summarize

FOOTER_TEXT = "Generated from a self-reported diary — not a medical record"
FONT = "dejavu"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
TOP_N = 5


class _ReportPDF(FPDF):
    """A4 portrait with the disclaimer and page numbers in every footer."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", str(_FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 15, 15)
        self.alias_nb_pages()
        font = self.fonts[FONT]
        self._glyphs: set[int] = set(font.cmap) if isinstance(font, TTFFont) else set()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, FOOTER_TEXT, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def printable(self, text: str) -> str:
        """Drop control characters and replace glyphs the font lacks (fpdf2 would log them otherwise)."""
        out = []
        for ch in text:
            if ch in "\n\t":
                out.append(" " if ch == "\t" else ch)
            elif unicodedata.category(ch).startswith("C"):
                continue
            else:
                out.append(ch if ord(ch) in self._glyphs else "?")
        return "".join(out)

    def heading(self, text: str, size: float = 15) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_font(FONT, "", 11)

    def paragraph(self, text: str, size: float = 11) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(0, size * 0.5, self.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def _trend_line(change: BaselineChange, fmt: str, unit: str) -> str:
    if change.flag is ChangeFlag.NOT_ENOUGH_DATA:
        return (
            f"not enough data to compare (earlier period {change.baseline_episodes} episodes, "
            f"this period {change.current_episodes})"
        )
    assert (
        change.current_value is not None and change.baseline_value is not None and change.percent is not None
    )
    return (
        f"{format(change.baseline_value, fmt)} → {format(change.current_value, fmt)}{unit} "
        f"({format_percent_change(change.percent)}: {change.flag.value}; ≥ {RESPONDER_PERCENT}% counts as a change)"
    )


def _summary_rows(
    summary: PeriodSummary,
    episodes: Sequence[Episode],
    tz: ZoneInfo,
    period: Period,
    adherence: Adherence,
) -> list[tuple[str, str]]:
    return [
        *_count_rows(summary, episodes, tz, period),
        *_score_rows(episodes, tz, period),
        *_detail_rows(summary),
        ("Reminders", _adherence_text(adherence, period)),
        ("Night check-ins", _night_text(adherence, period)),
    ]


def _count_rows(
    summary: PeriodSummary, episodes: Sequence[Episode], tz: ZoneInfo, period: Period
) -> list[tuple[str, str]]:
    n = summary.episode_count
    rows = [
        (
            "Episodes",
            f"{n} on {summary.days_with_data} of {summary.days_in_period} days "
            f"({summary.episodes_per_day:.1f} per day on average)",
        ),
        (
            "At night / daytime",
            f"{summary.nocturnal_count} at night ({_pct(summary.nocturnal_count, n)}), "
            f"{summary.daytime_count} daytime",
        ),
    ]
    if summary.average_intensity is not None:
        rows.append(
            ("Intensity (0–10)", f"average {summary.average_intensity:.1f}, worst {summary.worst_intensity}")
        )
    previous = period.previous()
    prev_label = f"Trend vs the {previous.days} days before ({format_period(previous.start, previous.end)})"
    rows.append((prev_label, ""))
    rows.append(
        ("   average intensity", _trend_line(intensity_change(episodes, tz, period, previous), ".1f", ""))
    )
    rows.append(
        (
            "   episodes per day",
            _trend_line(frequency_change(episodes, tz, period, previous), ".2f", " per day"),
        )
    )
    if summary.median_duration_seconds is not None and summary.total_duration_seconds is not None:
        rows.append(
            (
                "Duration",
                f"median {format_duration(summary.median_duration_seconds)}, total "
                f"{format_duration(summary.total_duration_seconds)} "
                f"({summary.durations_known} of {n} episodes had a duration)",
            )
        )
    return rows


def _score_rows(episodes: Sequence[Episode], tz: ZoneInfo, period: Period) -> list[tuple[str, str]]:
    rows = []
    sfs = daily_sfs(episodes, tz, period.start, period.end)
    spread = ", ".join(f"{score}: {sfs.days_at_score[score]}" for score in SFS_SCORES)
    rows.append(
        (
            "Spasm Frequency Score (Snow 1990), per day",
            f"median {sfs.median_score:g}; days at each score — {spread}. "
            "Days without entries count as 1 (none logged).",
        )
    )
    psfs = psfs_frequency_estimate(episodes, tz, period.start, period.end)
    psfs_text = f"{psfs.score} — {psfs.meaning}. {psfs.reason}" if psfs.supported else psfs.reason
    rows.append(("Penn Spasm Frequency Scale, frequency part (estimate)", psfs_text))
    return rows


def _detail_rows(summary: PeriodSummary) -> list[tuple[str, str]]:
    rows = []
    if summary.top_regions:
        rows.append(
            ("Body regions", ", ".join(f"{REGION_LABELS[r]} {c}" for r, c in summary.top_regions[:TOP_N]))
        )
    if summary.top_sides:
        rows.append(("Sides", ", ".join(f"{SIDE_LABELS[s]} {c}" for s, c in summary.top_sides)))
    rows.append(
        (
            "Triggers noted",
            ", ".join(f"{TRIGGER_LABELS[t]} {c}" for t, c in summary.top_triggers[:TOP_N]) or "none noted",
        )
    )
    helpful = [t for t in summary.relief if t.tried]
    rows.append(
        (
            "Relief tried (did it help?)",
            "; ".join(
                f"{RELIEF_LABELS[t.relief]}: tried {t.tried} — helped {t.helped_yes}, partly "
                f"{t.helped_partly}, not {t.helped_no}"
                for t in helpful[:TOP_N]
            )
            or "none recorded",
        )
    )
    return rows


def _adherence_text(adherence: Adherence, period: Period) -> str:
    days = set(days_between(period.start, period.end))
    parts = []
    stretch_sent = len(adherence.stretch_sent_dates & days)
    stretch_done = len(adherence.stretch_done_dates & days)
    if stretch_sent or stretch_done:
        parts.append(
            f"bedtime stretch marked done on {stretch_done} of {stretch_sent} reminder days "
            f"({_pct(stretch_done, stretch_sent)})"
        )
    water_sent = len(adherence.hydration_sent_dates & days)
    water_answered = len(adherence.hydration_answered_dates & days)
    if water_sent or water_answered:
        parts.append(
            f"water reminder answered on {water_answered} of {water_sent} days ({_pct(water_answered, water_sent)})"
        )
    return "; ".join(parts) if parts else "no reminders in this period"


def _night_text(adherence: Adherence, period: Period) -> str:
    days = set(days_between(period.start, period.end))
    answers = {night: answer for night, answer in adherence.night_answers.items() if night in days}
    if not answers:
        return "no morning check-ins answered in this period"
    return night_check_in_text(answers).removeprefix("Morning check-ins: ")


def _summary_table(pdf: _ReportPDF, rows: list[tuple[str, str]]) -> None:
    pdf.set_font(FONT, "", 10)
    with pdf.table(
        col_widths=(34, 66),
        first_row_as_headings=False,
        text_align=("LEFT", "LEFT"),
        line_height=5,
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(pdf.printable(value))


def _episode_cells(ep: Episode, tz: ZoneInfo) -> list[str]:
    local = local_start(ep, tz)
    where = REGION_LABELS[ep.region]
    if ep.side is not None and SIDE_LABELS[ep.side]:
        where += f", {SIDE_LABELS[ep.side]}"
    if ep.ongoing:
        duration = "ongoing"
    elif ep.duration_seconds is not None:
        duration = format_duration(ep.duration_seconds)
    else:
        duration = "–"
    triggers = ", ".join(TRIGGER_LABELS[t] for t in ep.triggers)
    if ep.trigger_text:
        triggers = f"{triggers}; {ep.trigger_text}" if triggers else ep.trigger_text
    relief = ", ".join(RELIEF_LABELS[r] for r in ep.relief)
    if relief and ep.relief_helped is not None:
        relief += f" ({HELPED_LABELS[ep.relief_helped]})"
    return [
        f"{local:%d %b %Y}",
        f"{local:%H:%M}" + (" night" if ep.nocturnal else ""),
        where,
        KIND_LABELS[ep.kind] if ep.kind is not None else "–",
        str(ep.intensity),
        duration,
        triggers or "–",
        relief or "–",
    ]


def _episode_table(pdf: _ReportPDF, chosen: Sequence[Episode], tz: ZoneInfo) -> None:
    headings = ["Date", "Time", "Region, side", "Kind", "0–10", "Lasted", "Triggers", "Relief"]
    widths = (20.5, 18.5, 33, 14.5, 9, 13, 39.5, 32)  # mm; 180 = A4 width minus margins
    rows = [[pdf.printable(text) for text in _episode_cells(ep, tz)] for ep in chosen]
    draw_table(pdf, headings, rows, widths, font=FONT, size=8, line_height=3.6)


def _chart(pdf: _ReportPDF, png: bytes) -> None:
    width = pdf.epw
    height = width * charts.CHART_SIZES["pdf"].height_in / charts.CHART_SIZES["pdf"].width_in
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=width, h=height)
    pdf.ln(4)


def build_report_pdf(
    episodes: Iterable[Episode],
    tz: ZoneInfo,
    start: date,
    end: date,
    *,
    patient_name: str | None,
    adherence: Adherence,
    sleep_window: SleepWindow,
    generated_at: datetime,
    plan_page: Sequence[tuple[str, Sequence[str]]] = (),
    marks: Sequence[ChangeMark] = (),
) -> bytes:
    """The whole report as PDF bytes (see the module docstring for its contents). `plan_page`: the
    person's plan (medicines, doses, exercises, questions), printed first, on its own page."""
    episodes = list(episodes)
    period = Period(start, end)
    chosen = in_period(episodes, tz, start, end)
    summary = summarize(chosen, tz, start, end)

    pdf = _ReportPDF()
    _title_page_head(pdf, tz, period, patient_name, generated_at)
    if plan_page:
        _plan_page(pdf, plan_page)
    pdf.heading("Summary")
    _summary_table(pdf, _summary_rows(summary, episodes, tz, period, adherence))
    pdf.ln(3)
    pdf.heading("Patterns (exploratory)", 13)
    for pattern in explore(episodes, tz, start, end, adherence):
        pdf.paragraph(f"• {pattern.text}", 10)
        pdf.ln(0.5)

    pdf.add_page()
    pdf.heading("Charts")
    _chart(pdf, charts.daily_chart(chosen, tz, start, end, size="pdf", marks=marks))
    _marks_legend(pdf, marks, start, end)
    _chart(pdf, charts.time_of_day_chart(chosen, tz, start, end, sleep_window, size="pdf"))
    _chart(pdf, charts.regions_chart(chosen, tz, start, end, size="pdf"))

    pdf.add_page()
    pdf.heading(f"All episodes ({summary.episode_count})")
    if chosen:
        _episode_table(pdf, chosen, tz)
    else:
        pdf.paragraph("No episodes in this period.")

    _notes(pdf, chosen, tz)
    return bytes(pdf.output())


def _marks_legend(pdf: _ReportPDF, marks: Sequence[ChangeMark], start: date, end: date) -> None:
    """The medicine changes the dashed lines on the first chart stand for, in words."""
    shown = sorted((m for m in marks if start <= m.day <= end), key=lambda m: m.day)
    if shown:
        changes = "; ".join(f"{m.label} on {format_date(m.day)}" for m in shown)
        pdf.paragraph(f"Dashed lines: medicine changes ({changes}).", 10)
        pdf.ln(2)


def _plan_page(pdf: _ReportPDF, sections: Sequence[tuple[str, Sequence[str]]]) -> None:
    pdf.heading("My plan", 15)
    for heading, lines in sections:
        pdf.heading(heading, 12)
        for line in lines:
            pdf.paragraph(f"• {line}", 10)
        pdf.ln(1)
    pdf.add_page()


def _title_page_head(
    pdf: _ReportPDF, tz: ZoneInfo, period: Period, patient_name: str | None, generated_at: datetime
) -> None:
    pdf.set_title("Spasm diary report")
    pdf.set_creator("Spasm Diary")
    pdf.add_page()
    pdf.heading("Spasm diary report", 20)
    if patient_name:
        pdf.paragraph(f"Name: {patient_name.strip()}", 12)
    pdf.paragraph(
        f"Period: {format_period(period.start, period.end)} ({period.days} days). Times are local ({tz.key}).",
        12,
    )
    pdf.paragraph(
        f"Generated {format_date(generated_at.astimezone(tz).date())} "
        f"{generated_at.astimezone(tz):%H:%M}. All figures are {ESTIMATE_LABEL}.",
        10,
    )
    pdf.ln(3)


def _notes(pdf: _ReportPDF, chosen: Sequence[Episode], tz: ZoneInfo) -> None:
    noted = [ep for ep in chosen if ep.notes and ep.notes.strip()]
    pdf.ln(4)
    pdf.heading(f"Notes ({len(noted)})")
    if not noted:
        pdf.paragraph("No notes in this period.")
    for ep in noted:
        local = local_start(ep, tz)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(
            0,
            5,
            f"{local:%a %d %b %Y %H:%M} — {REGION_LABELS[ep.region]}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.paragraph(ep.notes or "", 10)
        pdf.ln(1.5)
