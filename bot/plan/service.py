"""What the plan's commands and buttons do, as operations on the stored plan. Every change that
affects reminders re-derives the person's `medicine` and `appointment` rows (bot/plan/reminders.py)
through the shared ReminderService, so the one dispatcher and rate limiter send them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock, zone_or_default
from bot.lang.normalise import normalise
from bot.plan.model import Appointment, Dose, DoseStatus, Medicine, MedicineStatus
from bot.plan.names import MedicineCatalogue
from bot.plan.parse import MedsAdd, TookLine, taken_instant
from bot.plan.reminders import (
    AppointmentMoment,
    appointment_rule,
    medicine_rule,
    medicines_due,
    moments_at,
)
from bot.reminders.model import DueReminder
from bot.reminders.rules import ReminderKind
from bot.reminders.schedule import snooze_until
from bot.reminders.service import SNOOZE_MINUTES, ReminderService
from bot.storage.doses import DoseRepository
from bot.storage.medicines import MedicineRepository
from bot.storage.plan_items import AppointmentRepository, ExerciseRepository, QuestionRepository
from bot.storage.users import UserRepository


@dataclass(frozen=True, slots=True)
class DueDose:
    medicine: Medicine
    scheduled: datetime  # the slot this reminder is for (aware UTC)


def match_medicine(name: str, medicines: list[Medicine], catalogue: MedicineCatalogue) -> Medicine | None:
    """The person's medicine a typed name means: their own spelling, the catalogue's name, or a typo of either."""
    key = normalise(name)
    known = catalogue.recognise(key)
    for medicine in medicines:
        if key in {medicine.name.lower(), (medicine.known_name or "").lower()}:
            return medicine
        if known is not None and medicine.known_name == known:
            return medicine
    own = MedicineCatalogue({m.name.lower(): str(m.id) for m in medicines}).recognise(key)
    return next((m for m in medicines if own is not None and str(m.id) == own), None)


class PlanService:
    def __init__(
        self,
        db_repos: tuple[
            MedicineRepository, DoseRepository, AppointmentRepository, QuestionRepository, ExerciseRepository
        ],
        reminders: ReminderService,
        users: UserRepository,
        clock: Clock,
        catalogue: MedicineCatalogue,
        default_zone: str,
    ) -> None:
        self.medicines, self.doses, self.appointments, self.questions, self.exercises = db_repos
        self._reminders = reminders
        self._users = users
        self._clock = clock
        self.catalogue = catalogue
        self._default_zone = default_zone

    async def zone(self, user_id: int) -> ZoneInfo:
        profile = await self._users.get(user_id)
        return ZoneInfo(zone_or_default(profile.timezone if profile else None, self._default_zone))

    async def today(self, user_id: int) -> date:
        return self._clock.now().astimezone(await self.zone(user_id)).date()

    # ----- medicines -----

    async def add_medicine(self, user_id: int, request: MedsAdd) -> Medicine:
        """A new medicine; the same one again (name, times, as needed: a re-delivered message or a
        second tap) returns the one already there, so the plan never holds it twice."""
        for known in await self.medicines.for_user(user_id):
            same = (known.name.lower(), known.times, known.as_needed)
            if same == (request.name.lower(), request.times, request.as_needed):
                return known
        now = self._clock.now()
        medicine = await self.medicines.add(
            user_id,
            request.name,
            self.catalogue.recognise(request.name),
            request.times,
            request.as_needed,
            request.how_text,
            await self.today(user_id),
            now,
        )
        await self.sync_medicine_reminders(user_id)
        return medicine

    async def set_medicine_status(
        self, user_id: int, medicine_id: int, status: MedicineStatus
    ) -> Medicine | None:
        medicine = await self.medicines.set_status(
            user_id, medicine_id, status, await self.today(user_id), self._clock.now()
        )
        await self.sync_medicine_reminders(user_id)
        return medicine

    async def change_medicine(self, user_id: int, medicine_id: int, request: MedsAdd) -> Medicine | None:
        medicine = await self.medicines.set_schedule(
            user_id,
            medicine_id,
            request.times,
            request.as_needed,
            request.how_text,
            await self.today(user_id),
            self._clock.now(),
        )
        await self.sync_medicine_reminders(user_id)
        return medicine

    async def sync_medicine_reminders(self, user_id: int) -> None:
        stored = {r.rule.kind: r for r in await self._reminders.repository.for_user(user_id)}
        current = stored.get(ReminderKind.MEDICINE)
        rule = medicine_rule(
            await self.medicines.for_user(user_id), current.rule.enabled if current else True
        )
        if rule is None:
            await self._reminders.repository.delete(user_id, ReminderKind.MEDICINE)
        else:
            await self._reminders.set_rule(user_id, rule)

    async def took(self, user_id: int, line: TookLine, medicine: Medicine, client_key: str) -> Dose:
        now = self._clock.now()
        at = taken_instant(line, now, await self.zone(user_id))
        return await self.doses.record_taken(user_id, medicine.id, client_key, at, now)

    # ----- medicine reminders -----

    async def doses_for_reminder(self, reminder: DueReminder) -> list[DueDose]:
        """The doses a `medicine` reminder that fell due is about: medicines scheduled at that instant
        and snoozed ones whose time has come. Each is marked "reminded" (missed until answered)."""
        user_id, now = reminder.user_id, self._clock.now()
        medicines = await self.medicines.for_user(user_id)
        zone = ZoneInfo(zone_or_default(reminder.timezone, self._default_zone))
        due = [DueDose(m, reminder.due) for m in medicines_due(medicines, reminder.due, zone)]
        by_id = {m.id: m for m in medicines}
        snoozed = [d for d in await self.doses.snoozed_due(user_id, now) if d.medicine_id in by_id]
        due += [DueDose(by_id[d.medicine_id], d.scheduled) for d in snoozed if d.scheduled]
        for item in due:
            await self.doses.mark_reminded(user_id, item.medicine.id, item.scheduled, now)
        await self.doses.resent(user_id, [d.id for d in snoozed])
        await self._keep_snoozes_due(user_id)
        return due

    async def answer_dose(
        self, user_id: int, medicine_id: int, scheduled: datetime, status: DoseStatus
    ) -> datetime | bool | None:
        """Taken / Skip / Snooze on a reminder: False if the medicine is not theirs or the slot was
        already answered; for a snooze, when it comes back."""
        if await self.medicines.get(user_id, medicine_id) is None:
            return False
        now = self._clock.now()
        until = snooze_until(now, SNOOZE_MINUTES) if status is DoseStatus.SNOOZED else None
        if not await self.doses.answer(user_id, medicine_id, scheduled, status, now, until):
            return False
        if until is not None:
            await self._keep_snoozes_due(user_id)
        return until or True

    async def _keep_snoozes_due(self, user_id: int) -> None:
        """The `medicine` row must come due by the earliest snooze, even if the regular time is later."""
        earliest = await self.doses.earliest_snooze(user_id, self._clock.now())
        if earliest is None:
            return
        stored = {r.rule.kind: r for r in await self._reminders.repository.for_user(user_id)}
        row = stored.get(ReminderKind.MEDICINE)
        if row is not None and (row.next_due is None or earliest < row.next_due):
            await self._reminders.repository.set_next_due(user_id, ReminderKind.MEDICINE, earliest)

    # ----- appointments -----

    async def add_appointment(self, user_id: int, at: datetime, with_whom: str) -> Appointment:
        zone = await self.zone(user_id)
        appointment = await self.appointments.add(user_id, at, zone.key, with_whom, self._clock.now())
        await self.sync_appointment_reminders(user_id)
        return appointment

    async def cancel_appointment(self, user_id: int, appointment_id: int) -> bool:
        cancelled = await self.appointments.cancel(user_id, appointment_id)
        await self.sync_appointment_reminders(user_id)
        return cancelled

    async def sync_appointment_reminders(self, user_id: int) -> None:
        rule = appointment_rule(
            await self.appointments.for_user(user_id), await self.zone(user_id), self._clock.now()
        )
        if rule is None:
            await self._reminders.repository.delete(user_id, ReminderKind.APPOINTMENT)
        else:
            await self._reminders.set_rule(user_id, rule)

    async def appointment_moments(self, reminder: DueReminder) -> list[AppointmentMoment]:
        zone = ZoneInfo(zone_or_default(reminder.timezone, self._default_zone))
        return moments_at(await self.appointments.for_user(reminder.user_id), zone, reminder.due)

    async def resync(self, user_id: int) -> None:
        """After a zone change: local times mean other instants now."""
        await self.sync_medicine_reminders(user_id)
        await self.sync_appointment_reminders(user_id)
