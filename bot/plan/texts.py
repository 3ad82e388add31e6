"""Words of the plan: the /plan screen, reminders, /stats lines and the report's first page.
The bot repeats what the person told it and never adds a dose or advice about a medicine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.plan.model import Appointment, Exercise, Medicine, MedicineStatus, Question
from bot.plan.summary import Adherence

ASK_PRESCRIBER = (
    "Anything about doses, or starting, changing or stopping a medicine, is a question for your "
    "prescriber or pharmacist."
)
MEDS_USAGE = (
    "Add a medicine with its times, or “as needed”:\n"
    "/meds add baclofen 08:00 14:00 20:00\n/meds add ibuprofen as needed\n"
    "Anything else you write (“with food”) is kept as your own words. " + ASK_PRESCRIBER
)
MEDS_CHANGE_USAGE = (
    "New times for one of yours:\n/meds change baclofen 09:00 21:00\n/meds change ibuprofen as needed"
)
APPOINTMENT_USAGE = "/appointment 15 Jan 10:30 neurologist\n/appointment next tuesday 9am MS nurse"
QUESTION_USAGE = "/question Could my spasms at night be linked to my bladder?"
EXERCISES_USAGE = "/exercises add calf stretch 3 x 30 s\n/exercises add hamstring stretch 10 reps, slowly"
TOOK_USAGE = "/took baclofen  ·  /took ibuprofen 20 min ago  ·  or just write “took baclofen”."


def medicine_line(medicine: Medicine) -> str:
    when = ", ".join(t.strftime("%H:%M") for t in medicine.times)
    if medicine.as_needed:
        when = f"{when} and as needed" if when else "as needed"
    line = f"{medicine.label} — {when} (since {medicine.started_on:%d %b %Y})"
    if medicine.known_name and medicine.name.lower() != medicine.known_name:
        line = f"{medicine.label} (“{medicine.name}”) — {line.split(' — ', 1)[1]}"
    if medicine.status is MedicineStatus.PAUSED:
        line += " ⏸ paused"
    if medicine.how_text:
        line += f"\n   your words: “{medicine.how_text}”"
    return line


def appointment_line(appointment: Appointment, zone: ZoneInfo) -> str:
    return f"{appointment.at.astimezone(zone):%a %d %b %H:%M} — {appointment.with_whom}"


def exercise_line(exercise: Exercise) -> str:
    amount = " × ".join(part for part in (exercise.reps, exercise.hold) if part)
    line = exercise.name + (f" — {amount}" if amount else "")
    return line + (f" ({exercise.notes})" if exercise.notes else "")


def plan_text(
    medicines: Sequence[Medicine],
    appointments: Sequence[Appointment],
    exercises: Sequence[Exercise],
    questions: Sequence[Question],
    zone: ZoneInfo,
    now: datetime,
) -> str:
    coming = [a for a in appointments if a.at > now][:3]
    sections = [
        ("💊 Medicines", [medicine_line(m) for m in medicines], "none yet — /meds add"),
        ("📅 Next appointments", [appointment_line(a, zone) for a in coming], "none — /appointment"),
        ("🏃 My exercises", [exercise_line(e) for e in exercises], "none — /exercises add"),
        ("❓ Questions for my clinician", [q.text for q in questions], "none — /question"),
    ]
    parts = ["📋 My plan"]
    for title, lines, empty in sections:
        body = "\n".join(f"• {line}" for line in lines) if lines else f"  {empty}"
        parts.append(f"{title}\n{body}")
    parts.append("I keep what you tell me. " + ASK_PRESCRIBER)
    return "\n\n".join(parts)


def medicine_reminder_text(medicines: Sequence[Medicine], local_time: datetime) -> str:
    lines = [f"💊 Medicine time ({local_time:%H:%M}):"]
    for medicine in medicines:
        lines.append(
            f"• {medicine.label}" + (f" — your words: “{medicine.how_text}”" if medicine.how_text else "")
        )
    lines.append("\nTap Taken once you have taken it. " + ASK_PRESCRIBER)
    return "\n".join(lines)


def adherence_lines(
    medicines: Sequence[Medicine], adherence: dict[int, Adherence], as_needed: dict[int, int], weeks: float
) -> list[str]:
    lines = []
    for medicine in medicines:
        kept = adherence.get(medicine.id)
        if kept is not None and kept.due:
            lines.append(
                f"{medicine.label}: taken {kept.taken} of {kept.due} reminded doses ({kept.percent} %)"
            )
        count = as_needed.get(medicine.id, 0)
        if medicine.as_needed or count:
            per_week = count / weeks if weeks else 0.0
            lines.append(
                f"{medicine.label}: {count} dose{'s' if count != 1 else ''} as needed ({per_week:.1f} a week)"
            )
    return lines


def plan_stats_section(lines: Sequence[str]) -> str:
    if not lines:
        return ""
    return "💊 Medicines (what you recorded)\n" + "\n".join(f"• {line}" for line in lines)
