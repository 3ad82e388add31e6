"""What /remind and the reminder buttons do, as operations on stored schedules. Every change
recomputes the next due instant from the wall-clock rule in the user's zone, so DST and zone
changes need nothing special."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock, zone_or_default
from bot.reminders.model import StoredReminder
from bot.reminders.rules import ReminderKind, ReminderRule, recommended_rules, validate_rule
from bot.reminders.schedule import next_fire, snooze_until
from bot.storage.reminders import ReminderRepository
from bot.storage.users import UserProfile, UserRepository

SNOOZE_MINUTES = 30


@dataclass(frozen=True, slots=True)
class ReminderView:
    rule: ReminderRule
    next_due: datetime | None


class ReminderService:
    def __init__(
        self, repository: ReminderRepository, users: UserRepository, clock: Clock, default_zone: str
    ) -> None:
        self.repository = repository
        self._users = users
        self._clock = clock
        self._default_zone = default_zone
        # Rebuild rules made of fixed instants (the plan's appointments: "19:00 the evening before"
        # in the person's zone) before a reschedule; installed by bot.app, which knows the plan.
        self.rule_refreshers: list[Callable[[int], Awaitable[None]]] = []

    def _zone(self, profile: UserProfile) -> ZoneInfo:
        return ZoneInfo(zone_or_default(profile.timezone, self._default_zone))

    async def _profile(self, user_id: int) -> UserProfile:
        profile = await self._users.get(user_id)
        if profile is None:
            raise LookupError("unknown user")
        return profile

    def _next(
        self, rule: ReminderRule, profile: UserProfile, paused_until: datetime | None
    ) -> datetime | None:
        now = self._clock.now()
        return next_fire(
            rule,
            after=now,
            tz=self._zone(profile),
            sleep_start=profile.sleep_start,
            sleep_end=profile.sleep_end,
            paused_until=paused_until if paused_until and paused_until > now else None,
        )

    async def set_rule(self, user_id: int, rule: ReminderRule) -> ReminderView:
        validate_rule(rule)
        profile = await self._profile(user_id)
        paused = await self.repository.paused_until(user_id)
        next_due = self._next(rule, profile, paused)
        await self.repository.save_rule(user_id, rule, next_due)
        return ReminderView(rule, next_due)

    async def set_recommended(self, user_id: int, *, hydration: bool = False) -> list[ReminderView]:
        """The starter set; water reminders only when the person chose them (fluids may be limited)."""
        rules = [r for r in recommended_rules() if hydration or r.kind is not ReminderKind.HYDRATION]
        return [await self.set_rule(user_id, rule) for rule in rules]

    async def set_enabled(self, user_id: int, kind: ReminderKind, enabled: bool) -> ReminderView | None:
        current = {r.rule.kind: r for r in await self.repository.for_user(user_id)}
        if kind not in current:
            return None
        return await self.set_rule(user_id, replace(current[kind].rule, enabled=enabled))

    async def pause(self, user_id: int, duration: timedelta) -> datetime:
        until = self._clock.now() + duration
        await self.repository.set_paused_until(user_id, until)
        await self.reschedule_user(user_id)
        return until

    async def resume(self, user_id: int) -> None:
        await self.repository.set_paused_until(user_id, None)
        await self.reschedule_user(user_id)

    async def snooze(self, user_id: int, kind: ReminderKind) -> datetime | None:
        """Fire this kind again in 30 minutes; after that the regular schedule goes on."""
        stored = {r.rule.kind: r for r in await self.repository.for_user(user_id)}
        if kind not in stored or not stored[kind].rule.enabled:
            return None
        until = snooze_until(self._clock.now(), SNOOZE_MINUTES)
        await self.repository.set_next_due(user_id, kind, until)
        return until

    async def reschedule_user(self, user_id: int) -> None:
        """Recompute every next due instant (after a zone, sleep-window or pause change)."""
        for refresh in self.rule_refreshers:
            await refresh(user_id)
        profile = await self._profile(user_id)
        paused = await self.repository.paused_until(user_id)
        for stored in await self.repository.for_user(user_id):
            await self.repository.set_next_due(
                user_id, stored.rule.kind, self._next(stored.rule, profile, paused)
            )

    async def overview(self, user_id: int) -> tuple[list[StoredReminder], datetime | None]:
        paused = await self.repository.paused_until(user_id)
        active_pause = paused if paused and paused > self._clock.now() else None
        return await self.repository.for_user(user_id), active_pause
