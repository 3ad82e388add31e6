"""The episode log through the bot: guided flow, one-line logging, buttons, history, export, forget."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from bot.episodes.export import CSV_COLUMNS
from tests.harness import BotHarness, button_data, buttons, texts


async def _rows(harness: BotHarness, user_id: int = 1) -> list[dict[str, object]]:
    rows = await harness.app.bot_data["services"].db.fetch_all(
        "SELECT * FROM episodes WHERE user_id = ? ORDER BY id", (user_id,)
    )
    return [dict(zip(r.keys(), tuple(r), strict=True)) for r in rows]


async def _export_csv(
    harness: BotHarness, user_id: int = 1, command: str = "/export"
) -> list[dict[str, str]]:
    out = await harness.send(command, user_id)
    document = next(o for o in out if o["method"] == "sendDocument")
    (name, data) = next(iter(document["files"].values()))
    assert name.endswith(".csv")
    text = data.decode("utf-8")
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    return list(csv.DictReader(io.StringIO(text)))


async def test_minimal_entry_in_three_taps(harness: BotHarness) -> None:
    await harness.send("/timezone Europe/Berlin")
    out = await harness.send("/log")
    for label in ("Calf", "7"):
        out = await harness.press(button_data(out, label))
    assert await _rows(harness) == []  # nothing is saved before the third tap
    out = await harness.press(button_data(out, "Save"))
    rows = await _rows(harness)
    assert len(rows) == 1
    assert (rows[0]["region"], rows[0]["intensity"]) == ("calf", 7)
    assert rows[0]["started_at_utc"] == "2026-11-21T12:00:00+00:00"  # "now" by default
    assert "Saved" in texts(out)[-1]
    assert [label for label, _ in buttons(out)] == [
        "✏️ Edit",
        "🗑 Delete",
        "➕ Add details",
        "🌬 Breathe with me (relief)",
    ]


async def test_saved_is_said_only_after_the_row_exists(harness: BotHarness) -> None:
    out = await harness.send("/log")
    out = await harness.press(button_data(out, "Hamstring"))
    assert await _rows(harness) == []
    assert not any("Saved" in t for t in texts(out))
    out = await harness.press(button_data(out, "4"))
    assert await _rows(harness) == [] and not any("Saved" in t for t in texts(out))
    out = await harness.press(button_data(out, "Save"))
    assert len(await _rows(harness)) == 1 and "Saved" in texts(out)[-1]


async def test_guided_details_are_recorded(harness: BotHarness) -> None:
    out = await harness.send("/log")
    out = await harness.press(button_data(out, "Foot"))
    out = await harness.press(button_data(out, "Left"))  # side toggle on the intensity screen
    out = await harness.press(button_data(out, "6"))
    for step, choice in (("Duration", "2 min"), ("Kind", "Cramp")):
        out = await harness.press(button_data(out, step))
        out = await harness.press(button_data(out, choice))
    out = await harness.press(button_data(out, "Triggers"))
    out = await harness.press(button_data(out, "heat"))
    out = await harness.press(button_data(out, "stress"))
    out = await harness.press(button_data(out, "Done"))
    out = await harness.press(button_data(out, "Relief"))
    out = await harness.press(button_data(out, "massage"))
    out = await harness.press(button_data(out, "Done"))
    out = await harness.press(button_data(out, "Partly"))
    out = await harness.press(button_data(out, "Notes"))
    out = await harness.send("woke up sweating")
    out = await harness.press(button_data(out, "Save"))
    row = (await _rows(harness))[0]
    assert (row["region"], row["side"], row["intensity"]) == ("foot", "left", 6)
    assert (row["duration_seconds"], row["kind"]) == (120, "cramp")
    assert row["triggers"] == "heat;stress" and row["relief"] == "massage"
    assert row["relief_helped"] == "partly" and row["notes"] == "woke up sweating"


async def test_one_line_with_missing_intensity_asks_with_buttons(harness: BotHarness) -> None:
    out = await harness.send("/log left calf cramp")
    assert await _rows(harness) == []  # nothing guessed, nothing saved
    assert "How strong" in texts(out)[-1]
    out = await harness.press(button_data(out, "8"))
    out = await harness.press(button_data(out, "Save"))
    row = (await _rows(harness))[0]
    assert (row["region"], row["side"], row["kind"], row["intensity"]) == ("calf", "left", "cramp", 8)


async def test_plain_question_is_not_logged(harness: BotHarness) -> None:
    await harness.send("why do my legs cramp at night?")
    assert await _rows(harness) == []


async def test_redelivered_message_is_saved_once(harness: BotHarness) -> None:
    await harness.send("right foot 6 90 seconds")
    first = harness.api.calls_named("getUpdates")[-1]
    assert first.ok
    # Telegram re-delivers an update after a crash: same message id, same text.
    message = next(c for c in harness.api.calls if c.method == "getUpdates" and c.result)
    update = message.result[-1]
    await harness.inject(harness.api.raw_update({k: v for k, v in update.items() if k != "update_id"}))
    assert len(await _rows(harness)) == 1


async def test_edit_a_saved_entry(harness: BotHarness) -> None:
    out = await harness.send("calf 7")
    out = await harness.press(button_data(out, "Edit"))
    out = await harness.press(button_data(out, "Strength"))
    out = await harness.press(button_data(out, "3"))
    out = await harness.press(button_data(out, "Save"))
    rows = await _rows(harness)
    assert len(rows) == 1 and rows[0]["intensity"] == 3 and rows[0]["edited_at_utc"] is not None
    assert "Changes saved" in texts(out)[-1]


async def test_delete_asks_then_deletes(harness: BotHarness) -> None:
    out = await harness.send("calf 7")
    out = await harness.press(button_data(out, "Delete"))
    assert len(await _rows(harness)) == 1 and "Delete this entry?" in texts(out)[-1]
    await harness.press(button_data(out, "Yes, delete"))
    assert await _rows(harness) == []


async def test_another_users_buttons_change_nothing(harness: BotHarness) -> None:
    out = await harness.send("calf 7", user_id=1)
    episode_id = (await _rows(harness, 1))[0]["id"]
    for data in (
        f"ep:del:{episode_id}",
        f"ep:delok:{episode_id}",
        f"ep:edit:{episode_id}",
        f"ep:open:{episode_id}",
    ):
        answer = await harness.press(data, user_id=2, check_button=False)
        assert [o.get("text") for o in answer if o["method"] == "answerCallbackQuery"] == [
            "This button has expired."
        ]
        assert not texts(answer)
    assert len(await _rows(harness, 1)) == 1
    assert buttons(out)  # the owner still has working buttons
    await harness.press(f"ep:delok:{episode_id}", user_id=1, check_button=False)
    assert await _rows(harness, 1) == []


async def test_forged_and_stale_buttons_expire(harness: BotHarness) -> None:
    for data in ("ep:delok:99999", "ep:delok:abc", "lg:ffffff:int:5", "hi:x", "zzz", "faq:show:nope"):
        answer = await harness.press(data, check_button=False)
        assert any(o.get("text") == "This button has expired." for o in answer), data
    out = await harness.send("/log")
    stale = button_data(out, "Calf")
    await harness.send("/cancel")
    await harness.send("/log")  # a new flow: the older message's buttons are stale now
    answer = await harness.press(stale, check_button=False)
    assert any(o.get("text") == "This button has expired." for o in answer)


async def test_history_pages_newest_first_and_undo(harness: BotHarness) -> None:
    for minutes in range(10):  # 40 minutes apart: entries of the same place this close ask "same episode?"
        await harness.send(f"calf {minutes % 10} {(10 - minutes) * 40} minutes ago")
    out = await harness.send("/history")
    assert "1–8 of 10" in texts(out)[0]
    lines = [line for line in texts(out)[0].splitlines() if line[:2].rstrip(".").isdigit()]
    assert lines[0].startswith("1.") and "9/10" in lines[0]  # the latest start first
    out = await harness.press(button_data(out, "Older"))
    assert "9–10 of 10" in texts(out)[-1]
    out = await harness.send("/undo")
    await harness.press(button_data(out, "Yes, delete"))
    assert len(await _rows(harness)) == 9


async def test_export_csv_round_trips_what_was_logged(harness: BotHarness) -> None:
    await harness.send("/timezone America/New_York")
    await harness.send("spasm in my left hamstring about 6 out of 10, lasted maybe 45 sec, yesterday 23:30")
    await harness.send("lower back 4, 10 min, after gardening")
    rows = await _export_csv(harness)
    assert len(rows) == 2
    first, second = rows  # oldest first
    assert first["body_region"] == "hamstring" and first["side"] == "left" and first["kind"] == "spasm"
    assert first["intensity"] == "6" and first["duration_seconds"] == "45"
    assert first["started_at_local"] == "2026-11-20T23:30:00-05:00"
    assert first["started_at_utc"] == "2026-11-21T04:30:00+00:00"
    assert first["timezone"] == "America/New_York" and first["nocturnal"] == "true"
    assert second["body_region"] == "lower_back" and second["duration_seconds"] == "600"
    assert second["triggers"].split(";")[0] == "exercise" and "gardening" in second["triggers"]
    assert second["nocturnal"] == "false" and second["side"] == ""
    stored = await _rows(harness)
    assert [r["id"] for r in stored] == [int(first["id"]), int(second["id"])]


async def test_export_csv_as_people_type_it(harness: BotHarness) -> None:
    """ "/export csv" (or "spreadsheet", "CSV.") is the default file, not a "send /export instead" reply;
    an unknown word is asked again."""
    await harness.send("/timezone Europe/Berlin")
    await harness.send("left calf 7/10 2 min")
    for command in ("/export csv", "/export CSV.", "/export spreadsheet"):
        assert [r["body_region"] for r in await _export_csv(harness, command=command)] == ["calf"]
    out = await harness.send("/export zebra")
    assert "/export json" in texts(out)[0] and not any(o["method"] == "sendDocument" for o in out)


async def test_export_json_holds_everything(harness: BotHarness) -> None:
    await harness.send("/timezone Asia/Tokyo")
    await harness.send("calf 7")
    out = await harness.send("/export json")
    document = next(o for o in out if o["method"] == "sendDocument")
    (_name, data) = next(iter(document["files"].values()))
    exported = json.loads(data)
    assert exported["settings"]["timezone"] == "Asia/Tokyo"
    assert [e["body_region"] for e in exported["episodes"]] == ["calf"]


async def test_forget_leaves_no_row_with_the_users_id(harness: BotHarness, tmp_path: Path) -> None:
    who, other = 987_654_321, 123_123
    await harness.send("/timezone Europe/Berlin", who)
    await harness.send("left calf 7/10 2 min", who)
    await harness.send("/log", who)  # a flow in progress
    await harness.send("calf 5", other)
    out = await harness.send("/forget", who)
    assert "Delete" in buttons(out)[0][0]
    await harness.press(button_data(out, "Delete everything"), who)
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                hits = conn.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE ?", (f"%{who}%",)
                ).fetchone()[0]
                assert hits == 0, (table, column)
        assert conn.execute("SELECT COUNT(*) FROM episodes WHERE user_id = ?", (other,)).fetchone()[0] == 1
    out = await harness.send("/start", who)  # treated as new
    assert "Hello" in texts(out)[0]
