"""Pure plan functions: the one-liners, medicine names with typos, which medicines a reminder
instant is for (DST included), and the appointment reminder instants. Expected instants are
written by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.app import load_medicines
from bot.content_files import content_dir
from bot.plan.model import Appointment, Medicine, MedicineStatus
from bot.plan.names import MedicineListError, parse_catalogue
from bot.plan.parse import (
    PlanInputError,
    TookLine,
    parse_appointment,
    parse_exercise_add,
    parse_meds_add,
    parse_took_args,
    parse_took_line,
    taken_instant,
)
from bot.plan.reminders import (
    AppointmentPrompt,
    appointment_moments,
    appointment_rule,
    medicine_rule,
    medicines_due,
)
from bot.plan.service import match_medicine
from bot.reminders.rules import ReminderKind

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # a Saturday


def med(
    medicine_id: int,
    name: str,
    *times: time,
    as_needed: bool = False,
    status: MedicineStatus = MedicineStatus.ACTIVE,
    known: str | None = None,
) -> Medicine:
    return Medicine(medicine_id, 1, name, known, None, times, as_needed, status, date(2026, 11, 1), None)


@pytest.mark.parametrize(
    ("text", "name", "times", "as_needed", "how"),
    [
        ("baclofen 08:00 14:00 20:00", "baclofen", (time(8), time(14), time(20)), False, None),
        ("ibuprofen as needed", "ibuprofen", (), True, None),
        ("baclofen 10mg 8am with food", "baclofen", (time(8),), False, "10mg with food"),
        ("magnesium citrate 21:30", "magnesium citrate", (time(21, 30),), False, None),
        ("tizanidine 9pm and as needed", "tizanidine", (time(21),), True, "and"),
    ],
)
def test_meds_add(text: str, name: str, times: tuple[time, ...], as_needed: bool, how: str | None) -> None:
    parsed = parse_meds_add(text)
    assert (parsed.name, parsed.times, parsed.as_needed, parsed.how_text) == (name, times, as_needed, how)


@pytest.mark.parametrize("text", ["", "08:00", "baclofen", "baclofen 08:00 8am"])
def test_meds_add_refuses_what_it_cannot_use(text: str) -> None:
    with pytest.raises(PlanInputError):
        parse_meds_add(text)


def test_took_lines() -> None:
    assert parse_took_line("took baclofen") == TookLine("baclofen")
    assert parse_took_line("just took my ibuprofen 20 min ago") == TookLine("ibuprofen", None, 20)
    assert parse_took_line("I took baclofen at 8") == TookLine("baclofen", time(8))
    assert parse_took_line("left calf 7 woke me") is None
    for said in (
        "I've taken my gabapentin",
        "ive taken gabapentin",
        "I’ve just taken my gabapentin",
        "i have taken gabapentin",
    ):
        assert parse_took_line(said) == TookLine("gabapentin"), said
    assert parse_took_args("") == TookLine(None)
    assert parse_took_args("baclofen 14:30") == TookLine("baclofen", time(14, 30))


def test_taken_instant_is_never_in_the_future() -> None:
    morning = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    assert taken_instant(TookLine("x", time(20)), morning, BERLIN) == datetime(
        2026, 11, 20, 19, 0, tzinfo=UTC
    )
    assert taken_instant(TookLine("x", time(8, 30)), morning, BERLIN) == datetime(
        2026, 11, 21, 7, 30, tzinfo=UTC
    )
    assert taken_instant(TookLine("x", None, 45), morning, BERLIN) == datetime(
        2026, 11, 21, 7, 15, tzinfo=UTC
    )


def test_exercise_one_liners() -> None:
    calf = parse_exercise_add("calf stretch 3 x 30 s")
    assert (calf.name, calf.reps, calf.hold, calf.notes) == ("calf stretch", "3", "30 s", None)
    ham = parse_exercise_add("hamstring stretch 10 reps, slowly, both legs")
    assert (ham.name, ham.reps, ham.hold, ham.notes) == ("hamstring stretch", "10", None, "slowly, both legs")
    with pytest.raises(PlanInputError):
        parse_exercise_add("3 x 30 s")


def test_appointments_in_the_persons_zone() -> None:
    first = parse_appointment("15 Jan 10:30 neurologist", NOW, BERLIN)
    assert first.at == datetime(2027, 1, 15, 10, 30, tzinfo=BERLIN) and first.with_whom == "neurologist"
    nurse = parse_appointment("next tuesday 9am MS nurse", NOW, BERLIN)
    assert nurse.at == datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN) and nurse.with_whom == "MS nurse"
    for bad in ("neurologist", "tomorrow neurologist", "1 Jan 2020 10:00 GP"):
        with pytest.raises(PlanInputError):
            parse_appointment(bad, NOW, BERLIN)


def test_names_with_typos_and_brands() -> None:
    catalogue = load_medicines(content_dir())
    assert catalogue.recognise("baclofn") == "baclofen"
    assert catalogue.recognise("Sativex") == "nabiximols"
    assert catalogue.recognise("tizandine") == "tizanidine"
    assert catalogue.recognise("my own tea") is None
    mine = [
        med(1, "Baclofen", time(8), known="baclofen"),
        med(2, "Nurofen", as_needed=True, known="ibuprofen"),
    ]
    assert match_medicine("baclofn", mine, catalogue) == mine[0]
    assert match_medicine("ibuprofen", mine, catalogue) == mine[1]
    assert match_medicine("walk", mine, catalogue) is None


def test_the_medicine_list_must_cite_allowed_pages() -> None:
    with pytest.raises(MedicineListError):
        parse_catalogue(
            {"medicines": [{"name": "x", "source": "https://blog.example.com/x"}]}, frozenset({"nhs.uk"})
        )


def test_medicine_rule_is_the_union_of_active_times() -> None:
    meds = [
        med(1, "a", time(8), time(20)),
        med(2, "b", time(8)),
        med(3, "c", time(12), status=MedicineStatus.PAUSED),
        med(4, "d", as_needed=True),
    ]
    rule = medicine_rule(meds)
    assert rule is not None and rule.kind is ReminderKind.MEDICINE and rule.times == (time(8), time(20))
    assert medicine_rule([meds[2], meds[3]]) is None


def test_medicines_due_at_an_instant_across_dst() -> None:
    meds = [
        med(1, "a", time(2, 30)),
        med(2, "b", time(8)),
        med(3, "c", time(8), status=MedicineStatus.PAUSED),
    ]
    # 29 March 2026: Berlin skips 02:00-03:00; a 02:30 dose fires at 03:00 local = 01:00 UTC.
    assert medicines_due(meds, datetime(2026, 3, 29, 1, 0, tzinfo=UTC), BERLIN) == [meds[0]]
    assert medicines_due(meds, datetime(2026, 3, 29, 6, 0, tzinfo=UTC), BERLIN) == [meds[1]]  # 08:00 CEST
    assert medicines_due(meds, datetime(2026, 3, 28, 7, 0, tzinfo=UTC), BERLIN) == [meds[1]]  # 08:00 CET
    assert medicines_due(meds, datetime(2026, 3, 29, 7, 0, tzinfo=UTC), BERLIN) == []


def test_appointment_moments() -> None:
    appointment = Appointment(1, datetime(2026, 11, 24, 8, 0, tzinfo=UTC), "Europe/Berlin", "MS nurse", False)
    moments = appointment_moments([appointment], BERLIN)
    assert [(m.prompt, m.at) for m in moments] == [
        (AppointmentPrompt.EVENING, datetime(2026, 11, 23, 18, 0, tzinfo=UTC)),  # 19:00 Berlin the day before
        (AppointmentPrompt.SOON, datetime(2026, 11, 24, 6, 0, tzinfo=UTC)),
        (AppointmentPrompt.AFTER, datetime(2026, 11, 24, 11, 0, tzinfo=UTC)),
    ]
    late = Appointment(2, datetime(2026, 11, 24, 18, 0, tzinfo=UTC), "Europe/Berlin", "GP", False)  # 19:00
    assert appointment_moments([late], BERLIN)[-1].at == datetime(
        2026, 11, 25, 8, 0, tzinfo=UTC
    )  # 09:00 next day
    rule = appointment_rule([appointment], BERLIN, datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
    assert rule is not None and rule.instants == (
        datetime(2026, 11, 24, 6, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 11, 0, tzinfo=UTC),
    )
    assert appointment_rule([appointment], BERLIN, datetime(2026, 11, 25, tzinfo=UTC)) is None
