"""The scripted dialogues of tests/dialogues/script.py, each in a fresh bot (in process)."""

from __future__ import annotations

import re

import pytest

from tests.dialogues.script import DIALOGUES, MADRID, Dialogue
from tests.harness import BotHarness, JsonDict, buttons, texts

_BUTTON = re.compile(r"^\[(.+)\]$")


def _press_target(history: list[JsonDict], label: str) -> str:
    for item in reversed(history):
        for text, data in buttons([item]):
            if label.casefold() in text.casefold():
                return data
    raise AssertionError(f"no button {label!r}")


async def _run(harness: BotHarness, dialogue: Dialogue) -> tuple[list[str], list[str]]:
    if dialogue.zone:
        await harness.send(MADRID)
    history: list[JsonDict] = []
    last: list[JsonDict] = []
    for step in dialogue.steps:
        button = _BUTTON.match(step)
        if button:
            last = await harness.press(_press_target(history, button[1]), check_button=False)
        else:
            last = await harness.send(step)
        history += last
    return texts(history), texts(last)


async def _episodes(harness: BotHarness) -> list[dict[str, object]]:
    rows = await harness.app.bot_data["services"].db.fetch_all("SELECT * FROM episodes ORDER BY id")
    return [dict(row) for row in rows]


def test_there_are_at_least_sixty_dialogues() -> None:
    assert len(DIALOGUES) >= 60
    assert len({d.name for d in DIALOGUES}) == len(DIALOGUES)


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d.name for d in DIALOGUES])
async def test_dialogue(harness: BotHarness, dialogue: Dialogue) -> None:
    everything, last = await _run(harness, dialogue)
    said_last, said_all = "\n".join(last), "\n".join(everything)
    for part in dialogue.said:
        assert part.casefold() in said_last.casefold(), (part, last)
    for part in dialogue.said_any:
        assert part.casefold() in said_all.casefold(), (part, everything)
    for part in dialogue.not_said:
        assert part.casefold() not in said_last.casefold(), (part, last)
    episodes = await _episodes(harness)
    assert len(episodes) == dialogue.stored, episodes
    for name, value in dialogue.fields.items():
        assert episodes[-1][name] == value, (name, episodes[-1])
    db = harness.app.bot_data["services"].db
    for sql, expected in dialogue.sql:
        assert await db.fetch_value(sql.format(user=1)) == expected, sql
