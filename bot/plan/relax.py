"""The text of each moment of the guided breathing routine (content/relaxation.yaml), shown in one
message that is edited in place: pure, so the screens are tested without a clock."""

from __future__ import annotations

from bot.plan.support import RelaxRoutine


def relax_step_text(routine: RelaxRoutine, index: int) -> str:
    """Step `index` (0-based) with a progress line."""
    step = routine.steps[index]
    dots = "●" * (index + 1) + "○" * (len(routine.steps) - index - 1)
    return f"🌬 {routine.title}\n\n{step.text}\n\n{dots}  step {index + 1} of {len(routine.steps)}"


def relax_done_text(routine: RelaxRoutine) -> str:
    sources = "; ".join(routine.source_names)
    return (
        f"🌬 {routine.title}: done. Well done for taking a moment.\n"
        "If a spasm is still strong or something feels wrong, see /faq or your clinician.\n"
        f"Sources: {sources}"
    )


def relax_stopped_text(routine: RelaxRoutine) -> str:
    return f"🌬 {routine.title}: stopped. You can start again any time from /plan."
