"""Erasure that erases: no copy of a forgotten or deleted note in the database files' bytes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.storage.db import Database
from tests.harness import BotHarness, button_data

DELETED_NOTE = "okapi-deleted-entry-note"
FORGOTTEN_NOTE = "quokka-forgotten-person-note"


def _file_bytes(tmp_path: Path) -> dict[str, bytes]:
    main = tmp_path / "bot.sqlite3"
    return {p.name: p.read_bytes() for p in (main, main.with_name(main.name + "-wal")) if p.exists()}


async def _log_with_note(harness: BotHarness, note: str, user_id: int) -> list[dict[str, object]]:
    out = await harness.send("/log", user_id)
    for label in ("Calf", "7", "Notes"):
        out = await harness.press(button_data(out, label), user_id)
    out = await harness.send(note, user_id)
    out = await harness.press(button_data(out, "Save"), user_id)
    if any("A new one" in str(item) for item in out):  # a calf entry minutes ago: "same episode?"
        out = await harness.press(button_data(out, "A new one"), user_id)
    return out


async def test_secure_delete_is_on_at_every_open(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "x.sqlite3")
    try:
        assert await db.fetch_value("PRAGMA secure_delete") == 1
    finally:
        await db.close()


async def test_deleted_entry_and_forgotten_person_leave_no_bytes_behind(
    harness: BotHarness, tmp_path: Path
) -> None:
    keeper, leaver = 5, 6
    for n in range(20):  # enough rows that the notes share pages with data that stays
        harness.clock.advance(timedelta(minutes=31))  # apart, so no "same episode?" question
        await harness.send(f"calf {n % 10} 2 min", keeper)
    out = await _log_with_note(harness, DELETED_NOTE, keeper)
    out = await harness.press(button_data(out, "Delete"), keeper)
    await harness.press(button_data(out, "Yes, delete"), keeper)
    for n in range(5):
        await _log_with_note(harness, f"{FORGOTTEN_NOTE} {n}", leaver)
    harness.clock.advance(timedelta(minutes=31))
    await harness.send("left calf 3 after stairs", keeper)
    assert any(FORGOTTEN_NOTE.encode() in data for data in _file_bytes(tmp_path).values())
    out = await harness.send("/forget", leaver)
    await harness.press(button_data(out, "Delete everything"), leaver)
    # Read while the bot still runs: closing the database would checkpoint and hide a leak.
    files = _file_bytes(tmp_path)
    assert "bot.sqlite3" in files
    for name, data in files.items():
        assert DELETED_NOTE.encode() not in data, name
        assert FORGOTTEN_NOTE.encode() not in data, name
    kept = await harness.app.bot_data["services"].db.fetch_value(
        "SELECT COUNT(*) FROM episodes WHERE user_id = ?", (keeper,)
    )
    assert kept == 21
