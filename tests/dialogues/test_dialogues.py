"""The scripted dialogues of tests/dialogues/script.py, over real HTTP, all at once.

One bot (the real Application, the test clock fixed at 2026-11-21 12:00 UTC) reaches the fake Bot API
server on 127.0.0.1 through PTB's HTTPXRequest; the server answers each call after 30-80 ms and
refuses a 31st send in any rolling second (429 + retry_after), as Telegram does. Every dialogue is a
different person (user id = chat id) and they all talk at the same time, so the bot's send budget
and per-person ordering are exercised too. The module fixture runs them once; each dialogue is still
its own test, checking only what was said to and stored for its own person.

    .venv/bin/python -m pytest tests/dialogues -q -p no:randomly     # the wall time: docs/PERFORMANCE.md
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.dialogues.readme import README_DIALOGUES, readme_lines
from tests.dialogues.script import DIALOGUES, MADRID, Dialogue
from tests.harness import BotHarness, JsonDict, buttons, running_harness, texts

# With `--dist loadgroup` (the Makefile) one xdist worker runs them all against its one bot.
pytestmark = pytest.mark.xdist_group("dialogues-over-http")

ALL_DIALOGUES = [*DIALOGUES, *README_DIALOGUES]
FIRST_PERSON = 1001  # dialogue i talks as user (and chat) FIRST_PERSON + i
_BUTTON = re.compile(r"^\[(.+)\]$")


@dataclass
class Outcome:
    """What one person saw and what the bot stored for them, or why the dialogue could not finish."""

    person: int
    everything: list[str] = field(default_factory=list)
    last: list[str] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)
    sql_values: list[object] = field(default_factory=list)
    error: BaseException | None = None


@dataclass
class Run:
    outcomes: dict[str, Outcome]
    seconds: float
    throttled: int  # 429s the fake server answered


def _press_target(history: list[JsonDict], label: str) -> str:
    for item in reversed(history):
        for text, data in buttons([item]):
            if label.casefold() in text.casefold():
                return data
    raise AssertionError(f"no button {label!r}")


async def _talk(harness: BotHarness, dialogue: Dialogue, outcome: Outcome) -> None:
    person = outcome.person
    if dialogue.zone:
        await harness.send_as(person, MADRID)
    history: list[JsonDict] = []
    last: list[JsonDict] = []
    for step in dialogue.steps:
        button = _BUTTON.match(step)
        if button:
            last = await harness.press_as(person, _press_target(history, button[1]))
        else:
            last = await harness.send_as(person, step)
        history += last
    outcome.everything, outcome.last = texts(history), texts(last)
    db = harness.app.bot_data["services"].db
    rows = await db.fetch_all("SELECT * FROM episodes WHERE user_id = ? ORDER BY id", (person,))
    outcome.episodes = [dict(row) for row in rows]
    outcome.sql_values = [await db.fetch_value(sql.format(user=person)) for sql, _ in dialogue.sql]


async def _one(harness: BotHarness, dialogue: Dialogue, person: int) -> Outcome:
    outcome = Outcome(person)
    try:
        await _talk(harness, dialogue, outcome)
    except Exception as exc:  # reported by that dialogue's own test
        outcome.error = exc
    return outcome


# People talking at the same time. All of them at once would queue each update behind a hundred others,
# so on a loaded machine the per-update hang guard measured the queue, not the bot; this many keep the
# send budget busy (replies are paced at Telegram's 30/s) and each update's wait short.
AT_ONCE = 12


async def _run_all(database: Path, dialogues: list[Dialogue]) -> Run:
    async with running_harness(database, over_http=True) as harness:
        started = time.monotonic()
        gate = asyncio.Semaphore(AT_ONCE)

        async def one(dialogue: Dialogue, person: int) -> Outcome:
            async with gate:
                return await _one(harness, dialogue, person)

        results = await asyncio.gather(
            *(one(dialogue, FIRST_PERSON + i) for i, dialogue in enumerate(dialogues))
        )
        seconds = time.monotonic() - started
        throttled = sum(1 for call in harness.api.calls if call.status == 429)
    return Run({d.name: o for d, o in zip(dialogues, results, strict=True)}, seconds, throttled)


@pytest.fixture(scope="module")
def dialogue_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    run = asyncio.run(_run_all(tmp_path_factory.mktemp("dialogues") / "bot.sqlite3", _selected(request)))
    # Printed, not asserted (no timed assertions in the suite); see with -s.
    print(f"\n{len(run.outcomes)} dialogues over HTTP: {run.seconds:.1f} s, {run.throttled} x 429")
    return run


def _selected(request: pytest.FixtureRequest) -> list[Dialogue]:
    """The dialogues whose tests this session runs (all of them, unless -k or a test id chose some)."""
    chosen: set[str] = set()
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        dialogue = callspec.params.get("dialogue") if callspec is not None else None
        if isinstance(dialogue, Dialogue):
            chosen.add(dialogue.name)
    return [d for d in ALL_DIALOGUES if d.name in chosen]


def test_there_are_at_least_sixty_dialogues() -> None:
    assert len(DIALOGUES) >= 60
    assert len({d.name for d in ALL_DIALOGUES}) == len(ALL_DIALOGUES)


def test_the_readme_shows_the_lines_tested_here() -> None:
    """The README's "just type" examples are exactly the last lines of the README dialogues."""
    assert readme_lines() == [d.steps[-1] for d in README_DIALOGUES]


@pytest.mark.parametrize("dialogue", ALL_DIALOGUES, ids=[d.name for d in ALL_DIALOGUES])
def test_dialogue(dialogue_run: Run, dialogue: Dialogue) -> None:
    outcome = dialogue_run.outcomes[dialogue.name]
    if outcome.error is not None:
        raise outcome.error
    everything, last = outcome.everything, outcome.last
    said_last, said_all = "\n".join(last), "\n".join(everything)
    for part in dialogue.said:
        assert part.casefold() in said_last.casefold(), (part, last)
    for part in dialogue.said_any:
        assert part.casefold() in said_all.casefold(), (part, everything)
    for part in dialogue.not_said:
        assert part.casefold() not in said_last.casefold(), (part, last)
    episodes = outcome.episodes
    assert len(episodes) == dialogue.stored, episodes
    for name, value in dialogue.fields.items():
        assert episodes[-1][name] == value, (name, episodes[-1])
    for (sql, expected), value in zip(dialogue.sql, outcome.sql_values, strict=True):
        assert value == expected, sql
