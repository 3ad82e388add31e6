"""In-process: "Did I get this right?" before saving a guess, "same episode?" near a saved entry,
and the time-zone question under the first entry of someone without a zone (tests/harness.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import MovableClock
from tests.harness import BotHarness, button_data, buttons, running_harness, texts

MADRID = "/timezone Europe/Madrid"  # the harness clock: 2026-11-21 12:00 UTC, 13:00 in Madrid


async def _rows(harness: BotHarness, user: int = 1) -> list[Any]:
    db = harness.app.bot_data["services"].db
    return list(await db.fetch_all("SELECT * FROM episodes WHERE user_id = ? ORDER BY id", (user,)))


async def test_a_clear_line_is_saved_at_once_with_undo(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("left calf 7/10 2 min")
    assert texts(out)[0].startswith("✅ Saved")
    assert any("Delete" in label for label, _ in buttons(out))
    assert len(await _rows(harness)) == 1


async def test_a_typo_asks_first_and_yes_saves(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("left calff 7/10 2 min")
    assert "Did I get this right?" in texts(out)[0] and "calff" in texts(out)[0]
    assert await _rows(harness) == []  # nothing saved before the answer
    out = await harness.press(button_data(out, "Yes, save"))
    assert any(t.startswith("✅ Saved") for t in texts(out))
    rows = await _rows(harness)
    assert [(r["region"], r["side"], r["intensity"]) for r in rows] == [("calf", "left", 7)]


async def test_dont_save_saves_nothing(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("left calf 7/10 right")
    out = await harness.press(button_data(out, "Don't save"))
    assert await _rows(harness) == []


async def test_two_episodes_are_saved_as_two_entries_each_read_back(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("LEFT CALF CRAMP AT 2AM 8/10, 20 MINUTES LATER THE RIGHT ONE TOO")
    question = texts(out)[0]
    assert "Entry 1:" in question and "Entry 2:" in question and "02:20" in question
    out = await harness.press(button_data(out, "Save both"))
    saved = [t for t in texts(out) if t.startswith("✅ Saved")]
    assert len(saved) == 2 and "02:00" in saved[0] and "02:20" in saved[1]
    rows = await _rows(harness)
    assert [(r["side"], r["intensity"], r["duration_seconds"]) for r in rows] == [
        ("left", 8, None),
        ("right", 8, None),
    ]
    assert len({r["client_key"] for r in rows}) == 2
    again = await harness.press("lg:000000:cfm:all", check_button=False)
    assert any(o.get("text") == "This button has expired." for o in again)
    assert len(await _rows(harness)) == 2


async def test_save_only_the_first(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("left calf 7/10 at 3am and right foot 4/10 at 5am")
    await harness.press(button_data(out, "only the first"))
    rows = await _rows(harness)
    assert [(r["region"], r["side"]) for r in rows] == [("calf", "left")]


async def test_fix_it_then_the_second_is_asked_next(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("left calf 7/10 at 3am and right foot 4/10 at 5am")
    out = await harness.press(button_data(out, "Fix it"))
    out = await harness.press(button_data(out, "Strength"))
    out = await harness.press(button_data(out, "9"))
    out = await harness.press(button_data(out, "Save"))
    assert any("next episode" in t for t in texts(out))
    out = await harness.press(button_data(out, "Yes, save"))
    rows = await _rows(harness)
    assert [(r["region"], r["intensity"]) for r in rows] == [("calf", 9), ("foot", 4)]


async def test_fix_it_then_a_typed_yes_also_asks_about_the_second(harness: BotHarness) -> None:
    """A typed "yes" on the review screen saves like 💾 Save, so the message's second episode is asked
    about next rather than dropped."""
    await harness.send(MADRID)
    out = await harness.send("left calf 7/10 at 3am and right foot 4/10 at 5am")
    out = await harness.press(button_data(out, "Fix it"))
    out = await harness.press(button_data(out, "Strength"))
    out = await harness.press(button_data(out, "9"))
    out = await harness.send("yes")
    assert any("next episode" in t for t in texts(out)), texts(out)
    out = await harness.press(button_data(out, "Yes, save"))
    rows = await _rows(harness)
    assert [(r["region"], r["intensity"]) for r in rows] == [("calf", 9), ("foot", 4)]


async def test_fix_it_then_same_episode_still_asks_about_the_second(harness: BotHarness) -> None:
    """The first of two episodes answered "same episode" (it updates a saved entry): the message's
    second episode is still asked about, not dropped."""
    await harness.send(MADRID)
    await harness.send("left calf 7/10 at 3am")
    out = await harness.send("left calf 7/10 at 3am and right foot 4/10 at 5am")
    out = await harness.press(button_data(out, "Fix it"))
    out = await harness.press(button_data(out, "Save"))
    out = await harness.press(button_data(out, "Same episode"))
    assert any("next episode" in t for t in texts(out)), texts(out)
    out = await harness.press(button_data(out, "Yes, save"))
    rows = await _rows(harness)
    assert [(r["region"], r["intensity"]) for r in rows] == [("calf", 7), ("foot", 4)]


async def test_a_count_saves_n_entries_or_one_with_the_words(harness: BotHarness) -> None:
    await harness.send(MADRID)
    out = await harness.send("calf cramp woke me up 3 times 7/10")
    assert "Save 3 entries" in [label for label, _ in buttons(out)]
    await harness.press(button_data(out, "Save 3 entries"))
    rows = await _rows(harness)
    assert [r["notes"] for r in rows] == ["3 times (1 of 3)", "3 times (2 of 3)", "3 times (3 of 3)"]
    out = await harness.send("right foot 5/10 twice", user_id=2)
    out = await harness.press(button_data(out, "Save as one"), user_id=2)
    assert any("Notes: twice" in t for t in texts(out))
    assert [r["notes"] for r in await _rows(harness, 2)] == ["twice"]


async def test_the_question_survives_other_text_and_resumes(harness: BotHarness) -> None:
    await harness.send(MADRID)
    await harness.send("left calff 7/10")
    out = await harness.send("how do i stop a cramp")
    assert any("/log to finish" in t for t in texts(out))
    out = await harness.send("/log")
    assert "Did I get this right?" in texts(out)[0]
    out = await harness.send("yes")
    assert any(t.startswith("✅ Saved") for t in texts(out))
    assert len(await _rows(harness)) == 1


async def test_any_entry_near_one_of_the_same_place_asks(harness: BotHarness) -> None:
    await harness.send(MADRID)
    await harness.send("left calf 7/10 2 min")
    harness.clock.advance(timedelta(minutes=10))
    out = await harness.send("calf 8/10 after the stairs")
    assert "same episode" in texts(out)[0]
    out = await harness.press(button_data(out, "Same episode"))
    rows = await _rows(harness)
    assert len(rows) == 1 and rows[0]["intensity"] == 8 and rows[0]["side"] == "left"
    harness.clock.advance(timedelta(minutes=31))
    out = await harness.send("calf 5/10")  # more than 30 minutes later: saved at once
    assert texts(out)[0].startswith("✅ Saved")


async def test_the_guided_flow_asks_same_episode_too(harness: BotHarness) -> None:
    await harness.send(MADRID)
    await harness.send("left calf 7/10 2 min")
    out = await harness.send("/log")
    for label in ("Calf", "6"):
        out = await harness.press(button_data(out, label))
    out = await harness.press(button_data(out, "Save"))
    assert "same episode" in texts(out)[0]
    await harness.press(button_data(out, "A new one"))
    assert len(await _rows(harness)) == 2


async def test_no_zone_first_entry_asks_for_the_city_and_moves_the_entry(harness: BotHarness) -> None:
    out = await harness.send("left calf 7/10 at 3am")
    assert texts(out)[0].startswith("✅ Saved") and "Which city" in texts(out)[0]
    assert "Keep UTC" in [label for label, _ in buttons(out)]
    rows = await _rows(harness)
    assert rows[0]["timezone"] == "UTC" and rows[0]["started_at_utc"].startswith("2026-11-21T03:00")
    out = await harness.send("Madrid")
    assert any("Europe/Madrid" in t for t in texts(out))
    rows = await _rows(harness)
    assert len(rows) == 1 and rows[0]["timezone"] == "Europe/Madrid"
    assert rows[0]["started_at_utc"].startswith("2026-11-21T02:00")  # 3am in Madrid
    await harness.send("/timezone")  # the question is not asked again, even after /cancel
    await harness.send("/cancel")


async def test_no_zone_question_is_asked_once_and_other_text_leaves_it(harness: BotHarness) -> None:
    await harness.send("left calf 7/10 2 min")
    out = await harness.send("how do i stop a cramp")
    assert not any("Time zone set" in t for t in texts(out))
    out = await harness.send("right foot 5/10 1 min")
    assert texts(out)[0].startswith("✅ Saved") and "Which city" not in texts(out)[0]
    out = await harness.send("Madrid")  # no question open: not read as a zone
    assert not any("Time zone set" in t for t in texts(out))
    assert [r["timezone"] for r in await _rows(harness)] == ["UTC", "UTC"]


async def test_deleting_the_entry_drops_its_line_kept_for_the_zone_question(harness: BotHarness) -> None:
    out = await harness.send("left calf 7/10 okapi-words")
    out = await harness.press(button_data(out, "Delete"))
    await harness.press(button_data(out, "Yes, delete"))
    db = harness.app.bot_data["services"].db
    rows = await db.fetch_all("SELECT data FROM user_data WHERE user_id = 1")
    assert not any("okapi" in row["data"] for row in rows)
    out = await harness.send("Madrid")  # nothing waits for a city any more
    assert not any("Time zone set" in t for t in texts(out))


async def test_the_open_question_survives_a_restart(tmp_path: Path) -> None:
    database, clock = tmp_path / "bot.sqlite3", MovableClock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))
    async with running_harness(database, clock) as first:
        await first.send(MADRID)
        out = await first.send("left calf 7/10 at 3am and right foot 4/10 at 5am")
        both = button_data(out, "Save both")
    async with running_harness(database, clock) as second:
        # (the new stand-in has no copy of the old message to edit; the rows are what matters)
        await second.press(both, check_button=False)
        rows = await _rows(second)
        assert [(r["region"], r["side"]) for r in rows] == [("calf", "left"), ("foot", "right")]
