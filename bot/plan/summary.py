"""Numbers about the plan for /stats, the report and the evening-before-appointment message:
adherence to scheduled doses, as-needed doses per week, and a period's diary in a few figures.
Pure functions over plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.episodes.vocabulary import Helped
from bot.insights.scores import RESPONDER_PERCENT, RESPONDER_THRESHOLD
from bot.plan.model import Dose, DoseStatus, Medicine, MedicineChange

MEANINGFUL_CHANGE = RESPONDER_THRESHOLD  # the ≥ 30 % change the clinical scores treat as meaningful


@dataclass(frozen=True, slots=True)
class Adherence:
    taken: int
    due: int  # reminders sent for scheduled doses (answered or not)

    @property
    def percent(self) -> int | None:
        return round(100 * self.taken / self.due) if self.due else None


def adherence_by_medicine(doses: Sequence[Dose]) -> dict[int, Adherence]:
    """Per medicine: scheduled doses taken out of those a reminder went out for. A dose still snoozed
    or never answered counts as not taken; a skip is not taken either."""
    counts: dict[int, list[int]] = {}
    for dose in doses:
        if dose.scheduled is None:
            continue
        taken_due = counts.setdefault(dose.medicine_id, [0, 0])
        taken_due[1] += 1
        taken_due[0] += dose.status is DoseStatus.TAKEN
    return {medicine_id: Adherence(t, d) for medicine_id, (t, d) in counts.items()}


def as_needed_counts(doses: Sequence[Dose]) -> dict[int, int]:
    """Doses taken that were not answers to a reminder (as-needed or reported with /took)."""
    counts: dict[int, int] = {}
    for dose in doses:
        if dose.scheduled is None and dose.status is DoseStatus.TAKEN:
            counts[dose.medicine_id] = counts.get(dose.medicine_id, 0) + 1
    return counts


DOSE_EPISODE_WINDOW = timedelta(hours=6)  # a dose this soon after an episode began counts as its relief


def dose_is_relief_for(taken_at: datetime, episode_started: datetime) -> bool:
    """A dose reported after an episode began (and not long after) was taken for that episode."""
    return timedelta(0) <= taken_at - episode_started <= DOSE_EPISODE_WINDOW


@dataclass(frozen=True, slots=True)
class ReliefOutcome:
    """How the person said relief went for the episodes a medicine's doses are linked to."""

    helped: int = 0
    partly: int = 0
    not_helped: int = 0

    @property
    def answered(self) -> int:
        return self.helped + self.partly + self.not_helped


def relief_by_medicine(doses: Sequence[Dose], episodes: Sequence[Episode]) -> dict[int, ReliefOutcome]:
    """Per medicine: of the episodes its taken doses are linked to, how often the person said relief
    helped, partly helped or did not (an episode counts once per medicine; unanswered ones not at all)."""
    helped_by_episode = {e.id: e.relief_helped for e in episodes if e.relief_helped is not None}
    seen: dict[int, set[int]] = {}
    for dose in doses:
        if dose.status is DoseStatus.TAKEN and dose.episode_id in helped_by_episode:
            seen.setdefault(dose.medicine_id, set()).add(dose.episode_id)
    outcomes: dict[int, ReliefOutcome] = {}
    for medicine_id, episode_ids in seen.items():
        answers = [helped_by_episode[e] for e in episode_ids]
        outcomes[medicine_id] = ReliefOutcome(
            sum(a is Helped.YES for a in answers),
            sum(a is Helped.PARTLY for a in answers),
            sum(a is Helped.NO for a in answers),
        )
    return outcomes


def relief_lines(medicines: Sequence[Medicine], outcomes: dict[int, ReliefOutcome]) -> list[str]:
    lines = []
    for medicine in medicines:
        found = outcomes.get(medicine.id)
        if found is not None and found.answered:
            lines.append(
                f"{medicine.label} during an episode: relief helped {found.helped}, partly {found.partly}, "
                f"not {found.not_helped} (of {found.answered} you rated)"
            )
    return lines


@dataclass(frozen=True, slots=True)
class DiaryFigures:
    days: int
    count: int
    night: int
    mean_intensity: float | None

    @property
    def per_week(self) -> float:
        return 7 * self.count / self.days if self.days else 0.0

    @property
    def night_share(self) -> float | None:
        return self.night / self.count if self.count else None


def diary_figures(episodes: Sequence[Episode], tz: ZoneInfo, start: date, end: date) -> DiaryFigures:
    """Episodes whose local start date lies in [start, end]."""
    chosen = [e for e in episodes if start <= e.started_at_utc.astimezone(tz).date() <= end]
    mean = sum(e.intensity for e in chosen) / len(chosen) if chosen else None
    return DiaryFigures((end - start).days + 1, len(chosen), sum(e.nocturnal for e in chosen), mean)


def change_text(before: float, after: float) -> str:
    """ "−40 % (a change of 30 % or more)" or "+10 %"."""
    if before == 0:
        return "no earlier figure to compare"
    ratio = (after - before) / before
    sign = "+" if ratio > 0 else "−" if ratio < 0 else "±"
    flag = f" (a change of {RESPONDER_PERCENT} % or more)" if abs(ratio) >= MEANINGFUL_CHANGE else ""
    return f"{sign}{abs(round(100 * ratio))} %{flag}"


def figures_lines(now: DiaryFigures, before: DiaryFigures | None) -> list[str]:
    lines = [f"Episodes: {now.count} ({now.per_week:.1f} a week)"]
    if before is not None and before.count:
        lines[0] += f", {change_text(before.per_week, now.per_week)} against the period before"
    if now.night_share is not None:
        lines.append(f"At night: {now.night} of {now.count} ({round(100 * now.night_share)} %)")
    if now.mean_intensity is not None:
        line = f"Mean intensity: {now.mean_intensity:.1f}/10"
        if before is not None and before.mean_intensity is not None:
            line += f" (before: {before.mean_intensity:.1f}, {change_text(before.mean_intensity, now.mean_intensity)})"
        lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    change: MedicineChange
    medicine: Medicine
    before: DiaryFigures
    after: DiaryFigures


def before_after(
    episodes: Sequence[Episode],
    tz: ZoneInfo,
    medicines: Sequence[Medicine],
    changes: Sequence[MedicineChange],
    today: date,
    weeks: int = 4,
) -> BeforeAfter | None:
    """The latest medicine change with at least a week of diary after it: the weeks before and after."""
    by_id = {m.id: m for m in medicines}
    for change in reversed(changes):
        medicine = by_id.get(change.medicine_id)
        after_days = (today - change.on_date).days
        if medicine is None or after_days < 7:
            continue
        span = min(after_days, weeks * 7)
        before = diary_figures(
            episodes, tz, change.on_date - timedelta(days=span), change.on_date - timedelta(days=1)
        )
        after = diary_figures(episodes, tz, change.on_date, change.on_date + timedelta(days=span - 1))
        return BeforeAfter(change, medicine, before, after)
    return None


CAUSE_CAVEAT = (
    "A diary shows what happened around a change, not what caused it: sleep, activity, infections or "
    "the weather change things too. Talk it over with your prescriber."
)


def before_after_lines(result: BeforeAfter) -> list[str]:
    before, after = result.before, result.after
    lines = [
        f"{result.medicine.label} {result.change.change.value} on {result.change.on_date:%d %b %Y}: "
        f"{before.days} days before and after.",
        f"Episodes a week: {before.per_week:.1f} → {after.per_week:.1f} ({change_text(before.per_week, after.per_week)})",
    ]
    if before.mean_intensity is not None and after.mean_intensity is not None:
        lines.append(
            f"Mean intensity: {before.mean_intensity:.1f} → {after.mean_intensity:.1f} "
            f"({change_text(before.mean_intensity, after.mean_intensity)})"
        )
    if before.night_share is not None and after.night_share is not None:
        lines.append(
            f"Share at night: {round(100 * before.night_share)} % → {round(100 * after.night_share)} %"
        )
    lines.append(CAUSE_CAVEAT)
    return lines
