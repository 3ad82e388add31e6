"""Everything a handler needs, built once at start and reached through `context.services`
(bot/context.py).

Handlers get repositories and domain objects from here instead of importing globals, so tests
can build the real application over a temporary database and a movable clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock, zone_or_default
from bot.config import Settings
from bot.faq import FaqLibrary, FaqMatcher
from bot.plan.names import MedicineCatalogue
from bot.plan.service import PlanService
from bot.plan.support import RelaxRoutine, SupportBook
from bot.reminders.service import ReminderService
from bot.safety import NumberBook, TriageRules
from bot.storage.db import Database
from bot.storage.episodes import EpisodeRepository
from bot.storage.feedback import FeedbackRepository
from bot.storage.users import UserProfile, UserRepository

SERVICES_KEY = "services"


@dataclass(frozen=True, slots=True)
class Content:
    """Curated content, loaded and validated once at start."""

    faq: FaqLibrary
    matcher: FaqMatcher
    red_flags: TriageRules
    numbers: NumberBook  # emergency, urgent and crisis lines per country
    medicines: MedicineCatalogue  # names to recognise in /meds add (content/medicines.yaml)
    support: SupportBook  # patient organisations by country (content/support.yaml)
    relaxation: RelaxRoutine  # the guided breathing routine (content/relaxation.yaml)


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Database
    clock: Clock
    users: UserRepository
    episodes: EpisodeRepository
    feedback: FeedbackRepository
    reminders: ReminderService
    content: Content
    plan: PlanService

    def zone_of(self, profile: UserProfile | None) -> str:
        """The user's zone, or the deployment's default for someone who has not set one."""
        return zone_or_default(profile.timezone if profile else None, self.settings.default_timezone)
