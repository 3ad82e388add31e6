"""The plan's part of /stats and of the report: gathered from storage here, computed and worded in
bot/plan (summary.py, texts.py). The report gets plain (heading, lines) sections to print first."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.insights.model import ChangeMark
from bot.plan.model import Dose, Medicine
from bot.plan.summary import (
    adherence_by_medicine,
    as_needed_counts,
    before_after,
    before_after_lines,
    relief_by_medicine,
    relief_lines,
)
from bot.plan.texts import ASK_PRESCRIBER, adherence_lines, exercise_line, plan_stats_section
from bot.services import Services

Section = tuple[str, tuple[str, ...]]
BEFORE_AFTER_DAYS = 120  # diary read before the period, for the weeks before a medicine change


def _bounds(tz: ZoneInfo, start: date, end: date) -> tuple[datetime, datetime]:
    since = datetime.combine(start, time.min, tz).astimezone(UTC)
    return since, datetime.combine(end + timedelta(days=1), time.min, tz).astimezone(UTC)


async def _medicine_facts(
    svc: Services, user_id: int, tz: ZoneInfo, start: date, end: date
) -> tuple[list[Medicine], list[Dose], list[str]]:
    medicines = await svc.plan.medicines.for_user(user_id, include_stopped=True)
    doses = await svc.plan.doses.between(user_id, *_bounds(tz, start, end))
    weeks = ((end - start).days + 1) / 7
    lines = adherence_lines(medicines, adherence_by_medicine(doses), as_needed_counts(doses), weeks)
    return medicines, doses, lines


async def medicine_lines(svc: Services, user_id: int, tz: ZoneInfo, start: date, end: date) -> list[str]:
    """Adherence and as-needed doses per medicine in the period."""
    return (await _medicine_facts(svc, user_id, tz, start, end))[2]


async def exercise_lines(svc: Services, user_id: int, start: date, end: date) -> list[str]:
    """Each of the person's own exercises: on how many days of the period it was done."""
    exercises = await svc.plan.exercises.for_user(user_id)
    done = await svc.plan.exercises.done_counts(user_id, start, end)
    days = (end - start).days + 1
    return [f"{exercise_line(e)}: done on {done.get(e.id, 0)} of {days} days" for e in exercises]


async def stats_section(svc: Services, user_id: int, tz: ZoneInfo, start: date, end: date) -> str:
    """/stats: adherence and as-needed doses per medicine, how relief went when one was taken during
    an episode, the before/after of the latest medicine change (with its caveat), the exercises."""
    medicines, doses, lines = await _medicine_facts(svc, user_id, tz, start, end)
    if medicines:
        episodes = await svc.episodes.all_for_user(
            user_id, since=_bounds(tz, start - timedelta(days=BEFORE_AFTER_DAYS), end)[0]
        )
        lines += relief_lines(medicines, relief_by_medicine(doses, episodes))
        comparison = before_after(episodes, tz, medicines, await svc.plan.medicines.changes(user_id), end)
        if comparison is not None:
            compared = before_after_lines(comparison)
            lines += ["Before and after: " + compared[0], *compared[1:]]
    section = plan_stats_section(lines)
    exercises = await exercise_lines(svc, user_id, start, end)
    if exercises:
        section = "\n\n".join(
            part for part in (section, "🏃 My exercises\n" + "\n".join(f"• {x}" for x in exercises)) if part
        )
    return section


async def report_page(
    svc: Services, user_id: int, tz: ZoneInfo, start: date, end: date
) -> tuple[Section, ...]:
    """For the clinician, first: medicines with start dates, doses, the exercises, the questions and
    the before/after of the latest medicine change."""
    medicines, doses, dose_lines = await _medicine_facts(svc, user_id, tz, start, end)
    current = [
        f"{m.label} — since {m.started_on:%d %b %Y}"
        + (f"; times {', '.join(t.strftime('%H:%M') for t in m.times)}" if m.times else "")
        + ("; as needed" if m.as_needed else "")
        + ("; paused" if m.status.value == "paused" else "")
        + (f"; their words: {m.how_text}" if m.how_text else "")
        for m in medicines
        if m.stopped_on is None
    ]
    stopped = [
        f"{m.label} — {m.started_on:%d %b %Y} to {m.stopped_on:%d %b %Y}" for m in medicines if m.stopped_on
    ]
    exercises = await exercise_lines(svc, user_id, start, end)
    questions = await svc.plan.questions.open_for_user(user_id)
    episodes = await svc.episodes.all_for_user(
        user_id, since=_bounds(tz, start - timedelta(days=BEFORE_AFTER_DAYS), end)[0]
    )
    changes = await svc.plan.medicines.changes(user_id)
    comparison = before_after(episodes, tz, medicines, changes, end)
    dose_lines += relief_lines(medicines, relief_by_medicine(doses, episodes))
    sections: list[Section] = [
        ("Current medicines (as the person recorded them)", tuple(current or ["none recorded"])),
        ("Doses in this period", tuple(dose_lines or ["none recorded"])),
        (
            "Exercises",
            tuple(exercises) or ("none",),
        ),
        ("Questions for the clinician", tuple(q.text for q in questions) or ("none",)),
    ]
    if stopped:
        sections.insert(1, ("Stopped medicines", tuple(stopped)))
    if comparison is not None:
        sections.append(
            ("Before and after the latest medicine change", tuple(before_after_lines(comparison)))
        )
    sections.append(("Note", (ASK_PRESCRIBER,)))
    return tuple(sections)


async def chart_marks(svc: Services, user_id: int, start: date, end: date) -> tuple[ChangeMark, ...]:
    """Each medicine started, changed, paused, resumed or stopped in [start, end] (local dates): the
    dashed lines on the /stats chart and in the report."""
    medicines = {m.id: m for m in await svc.plan.medicines.for_user(user_id, include_stopped=True)}
    return tuple(
        ChangeMark(change.on_date, f"{medicines[change.medicine_id].label} {change.change.value}")
        for change in await svc.plan.medicines.changes(user_id)
        if change.medicine_id in medicines and start <= change.on_date <= end
    )
