"""The README's "people can just type" examples, as dialogues: each README line is the last step of
one of these, so tests/dialogues/test_dialogues.py checks that the bot does what the README says."""

from __future__ import annotations

from pathlib import Path

from tests.dialogues.script import Dialogue, d

README = Path(__file__).resolve().parents[2] / "README.md"
_HEADING = "## What people can do"

README_DIALOGUES: list[Dialogue] = [
    d(
        "README: an entry line",
        "left calf 7/10 2 min last night",
        said=("✅ Saved: today 02:30 🌙 left calf 7/10, 2 min", "Intensity: 7/10", "Duration: 2 min"),
        stored=1,
        fields={"region": "calf", "side": "left", "intensity": 7, "duration_seconds": 120, "nocturnal": 1},
    ),
    d(
        "README: a line with something missing",
        "calf cramp woke me up",
        said=("How strong, from 0 (none) to 10 (worst imaginable)?",),
        stored=0,
    ),
    d(
        "README: a typed answer",
        "calf cramp woke me up",
        "7",
        said=("Intensity: 7/10", "Save this entry"),
        stored=0,
    ),
    d(
        "README: a reminder in words",
        "remind me at 22:30 to note my night spasms",
        said=("🔔 bedtime check: at 22:30.", "Next: Sat 21 Nov 22:30 (Europe/Madrid)."),
        stored=0,
        sql=(("SELECT times FROM reminders WHERE user_id = {user} AND kind = 'night'", "22:30"),),
    ),
    d(
        "README: a question in capitals",
        "HOW DO I MAKE IT STOP",
        said=("How to stop a cramp right now", "Sources:", "urgent medical help"),
        stored=0,
    ),
    d(
        "README: took baclofen",
        "/meds add baclofen 08:00 20:00",
        "took baclofen",
        said=("✅ Noted: baclofen, today 13:00.",),
        stored=0,
        sql=(
            (
                "SELECT COUNT(*) FROM doses WHERE user_id = {user} AND status = 'taken'"
                " AND taken_at_utc LIKE '2026-11-21T12:00%'",
                1,
            ),
        ),
    ),
]


def readme_lines() -> list[str]:
    """What the person types ("you: …" up to "bot:") in the first code block under the heading."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(_HEADING) :]
    block = section.split("```", 2)[1]
    return [
        line.split("bot:")[0].removeprefix("you:").strip()
        for line in block.splitlines()
        if line.startswith("you:")
    ]
