"""The text of a safety reply: the person's numbers first, then why, then the sources.

Plain text (no markup), built from a fired rule and the numbers for the person's country. The first
line always says what to do and whom to call, so it is readable in a notification preview.
"""

from __future__ import annotations

from bot.faq.model import Source
from bot.safety.model import CountryNumbers, RedFlag

TELEGRAM_TEXT_LIMIT = 4096
NOT_A_DIAGNOSIS = "This is an automatic safety message from a diary bot, not a diagnosis."


def emergency_call(numbers: CountryNumbers) -> str:
    """ "call 999 or 112" / "call your local emergency number (112 or 911 ...)"."""
    return f"call {numbers.emergency}"


def first_line(tier: str, numbers: CountryNumbers, helpline_finder: str) -> str:
    """What to do now, with the number first."""
    if tier == "crisis":
        if numbers.crisis is not None:
            return f"📞 {numbers.crisis.name}: {numbers.crisis.number} — free, confidential, any time."
        return f"📞 Find a free, confidential helpline in your country: {helpline_finder}"
    if tier == "emergency":
        return f"🚨 {emergency_call(numbers).capitalize()} now, or go to the nearest emergency department."
    if tier == "urgent":
        if numbers.urgent is not None:
            return (
                f"📞 Call {numbers.urgent.number} ({numbers.urgent.name}) today — or your doctor, MS team "
                f"or pump clinic. If it gets worse: {emergency_call(numbers)}."
            )
        return (
            f"📞 If it gets worse, {emergency_call(numbers)}. Otherwise get seen today: your doctor "
            "(GP, family doctor), an urgent care or out-of-hours service, or your MS team or pump clinic."
        )
    return (
        "🗓 Book an appointment with your doctor (GP, family doctor) or MS team this week. "
        f"If it suddenly gets much worse: {emergency_call(numbers)}."
    )


def render_safety_reply(flag: RedFlag, numbers: CountryNumbers, helpline_finder: str) -> str:
    if flag.tier == "crisis":
        return _fit(render_crisis(flag, numbers, helpline_finder))
    parts = [
        first_line(flag.tier, numbers, helpline_finder),
        flag.message,
        NOT_A_DIAGNOSIS,
        _sources(flag.sources),
    ]
    return _fit("\n\n".join(parts))


def render_crisis(flag: RedFlag, numbers: CountryNumbers, helpline_finder: str) -> str:
    """Short and warm: the line to call, the emergency number if in danger, and nothing else."""
    danger = f"If you might act on these thoughts, or you have already hurt yourself, {emergency_call(numbers)} now."
    return "\n\n".join(
        (
            flag.message,
            first_line("crisis", numbers, helpline_finder),
            danger,
            "I won't save this message. I'm here when you want to log or ask something.",
        )
    )


def _sources(sources: tuple[Source, ...]) -> str:
    """Names only: the addresses are behind the reply's Sources button (`render_flag_sources`)."""
    label = "Source" if len(sources) == 1 else "Sources"
    return f"{label}: {'; '.join(source.name for source in sources)}."


def render_flag_sources(flag: RedFlag) -> str:
    """Each source's name with its address, for a reader or clinician who wants to check."""
    lines = ["Where this advice comes from:"]
    lines += [f"• {source.name}\n  {source.url}" for source in flag.sources]
    return _fit("\n\n".join(lines))


def _fit(text: str) -> str:
    return text if len(text) <= TELEGRAM_TEXT_LIMIT else text[: TELEGRAM_TEXT_LIMIT - 1] + "…"


DIARY_LINES = {
    "long_severe": (
        "A cramp this long and this strong is worth a check today, especially if it is not easing, or "
        "if the leg is swollen, red or cold."
    ),
    "new_weakness": (
        "This is the first time you've noted weakness or numbness here. New weakness or numbness is "
        "worth telling your doctor or MS team about today. If it came on suddenly, with a drooping face "
        "or slurred speech, that is an emergency."
    ),
    "night_rise": (
        "Night episodes have gone up sharply this week. It's worth booking an appointment with your "
        "doctor (GP, family doctor) or MS team this week; your diary will help them."
    ),
}
SEVERE_ACKNOWLEDGEMENT = "That sounds really painful. I'm sorry you had to go through it."


def render_diary_note(signals: tuple[str, ...], tier: str | None, numbers: CountryNumbers) -> str:
    """One calm message: an acknowledgement for a severe entry, the line for each signal, and the
    person's number for the most urgent tier among them."""
    parts = [SEVERE_ACKNOWLEDGEMENT] if "severe" in signals else []
    parts += [DIARY_LINES[signal] for signal in signals if signal in DIARY_LINES]
    if tier == "urgent":
        if numbers.urgent is not None:
            parts.append(
                f"📞 {numbers.urgent.name}: {numbers.urgent.number}. If it gets worse: {emergency_call(numbers)}."
            )
        else:
            parts.append(f"📞 If it gets worse: {emergency_call(numbers)}.")
    elif tier == "soon":
        parts.append(f"If anything suddenly gets much worse: {emergency_call(numbers)}.")
    return " ".join(parts[:1]) + ("\n\n" + "\n\n".join(parts[1:]) if len(parts) > 1 else "")
