"""In-process: a typed line about another place while /log is open on a draft never replaces the
draft unseen ("save it or drop it first?", then the line is logged), and "took ibuprofen" typed in the
flow is the same as tapping that medicine on the relief step (tests/harness.py)."""

from __future__ import annotations

from typing import Any

from bot.episodes.vocabulary import Relief
from tests.harness import BotHarness, button_data, buttons, texts

LONDON = "/timezone Europe/London"
ASIDE = "Your calf entry (5/10) is not saved yet"


async def _rows(harness: BotHarness, user: int) -> list[Any]:
    db = harness.app.bot_data["services"].db
    return list(await db.fetch_all("SELECT * FROM episodes WHERE user_id = ? ORDER BY id", (user,)))


async def _calf_draft(harness: BotHarness, user: int) -> list[dict[str, Any]]:
    await harness.send(LONDON, user)
    out = await harness.send("/log", user)
    out = await harness.press(button_data(out, "Calf"), user)
    out = await harness.send("5", user)
    assert "Save this entry" in texts(out)[-1]
    return out


async def test_save_first_keeps_the_draft_then_logs_the_new_line(harness: BotHarness) -> None:
    user = 61
    await _calf_draft(harness, user)
    out = await harness.send("hamstring spasms all night", user)
    assert ASIDE in texts(out)[-1]
    assert await _rows(harness, user) == []  # nothing saved before the tap
    labels = [label for label, _ in buttons(out)]
    assert "💾 Save the calf entry first" in labels and "✖ Drop it" in labels
    out = await harness.press(button_data(out, "Save the calf entry first"), user)
    rows = await _rows(harness, user)
    assert [(r["region"], r["intensity"]) for r in rows] == [("calf", 5)]
    assert any("Where: hamstring" in t for t in texts(out))  # the waiting line goes on: "how strong?"
    # a third line while the hamstring draft (no strength yet) is open: asked again, not dropped
    out = await harness.send("ive had spasms 3 times today in my thigh", user)
    assert "Your hamstring entry is not saved yet" in texts(out)[-1]
    assert "◀ Finish the hamstring entry first" in [label for label, _ in buttons(out)]
    out = await harness.press(button_data(out, "Finish the hamstring entry first"), user)
    assert any("send it again" in t for t in texts(out))
    out = await harness.send("7", user)
    out = await harness.press(button_data(out, "Save"), user)
    rows = await _rows(harness, user)
    assert [(r["region"], r["intensity"]) for r in rows] == [("calf", 5), ("hamstring", 7)]


async def test_drop_it_drops_only_the_draft_and_the_line_goes_on(harness: BotHarness) -> None:
    user = 62
    await _calf_draft(harness, user)
    out = await harness.send("left foot 6/10 2 min", user)
    assert ASIDE in texts(out)[-1]
    out = await harness.press(button_data(out, "Drop it"), user)
    assert any(t.startswith("Not saved") for t in texts(out))
    rows = await _rows(harness, user)
    assert [(r["region"], r["side"], r["intensity"]) for r in rows] == [("foot", "left", 6)]


async def test_a_same_place_detail_is_still_an_answer(harness: BotHarness) -> None:
    user = 63
    await _calf_draft(harness, user)
    out = await harness.send("calf lasted 2 min", user)
    assert not any("not saved yet" in t for t in texts(out))
    assert "Save this entry" in texts(out)[-1]


async def _doses(harness: BotHarness, user: int) -> list[dict[str, object]]:
    db = harness.app.bot_data["services"].db
    rows = await db.fetch_all("SELECT medicine_id, status, episode_id FROM doses WHERE user_id = ?", (user,))
    return [dict(row) for row in rows]


async def test_typed_took_ibuprofen_is_like_its_button(harness: BotHarness) -> None:
    user = 64
    await harness.send(LONDON, user)
    await harness.send("/meds add ibuprofen as needed", user)
    out = await harness.send("/log", user)
    out = await harness.press(button_data(out, "Foot"), user)
    out = await harness.send("6", user)
    out = await harness.send("took ibuprofen", user)
    assert "💊 Took: ibuprofen" in texts(out)[-1]
    assert await _doses(harness, user) == []  # nothing before the save
    out = await harness.press(button_data(out, "Save"), user)
    episode = await harness.app.bot_data["services"].episodes.latest(user)
    assert episode is not None and Relief.AS_NEEDED_MEDICATION in episode.relief
    doses = await _doses(harness, user)
    assert len(doses) == 1 and doses[0]["episode_id"] == episode.id and doses[0]["status"] == "taken"


async def test_typed_took_of_a_medicine_not_in_the_plan_stays_generic(harness: BotHarness) -> None:
    user = 65
    await harness.send(LONDON, user)
    out = await harness.send("/log", user)
    out = await harness.press(button_data(out, "Foot"), user)
    out = await harness.send("6", user)
    out = await harness.send("took ibuprofen", user)
    assert "as-needed medication" in texts(out)[-1] and "💊 Took" not in texts(out)[-1]
    await harness.press(button_data(out, "Save"), user)
    assert len(await _rows(harness, user)) == 1
    assert await _doses(harness, user) == []


async def test_a_same_episode_question_is_left_for_a_new_place_line(harness: BotHarness) -> None:
    user = 66
    await harness.send(LONDON, user)
    await harness.send("left calf 7/10 2 min", user)
    out = await harness.send("left calf 6/10 1 min", user)  # near the saved one: "same episode?"
    assert "Is this the same episode?" in texts(out)[-1]
    out = await harness.send("right foot 5/10 30 sec", user)
    assert any(t.startswith("✅ Saved") for t in texts(out))
    assert [r["region"] for r in await _rows(harness, user)] == ["calf", "foot"]


async def test_a_second_new_place_line_while_asked_is_not_logged_and_we_say_so(harness: BotHarness) -> None:
    user = 67
    await _calf_draft(harness, user)
    asked = await harness.send("left foot 6/10 2 min", user)
    out = await harness.send("right hamstring 4/10 1 min", user)
    assert any("This one was not logged" in t for t in texts(out))
    await harness.press(button_data(asked, "Drop it"), user)
    assert [(r["region"], r["side"]) for r in await _rows(harness, user)] == [("foot", "left")]


async def test_a_new_line_while_editing_says_the_changes_were_left(harness: BotHarness) -> None:
    """Editing a saved entry, then typing a new entry for another place: the new line is logged and the
    person is told that the unsaved changes were left (the saved entry stays as it was)."""
    user = 68
    await harness.send(LONDON, user)
    saved = await harness.send("left calf 5/10 2 min", user)
    out = await harness.press(button_data(saved, "Edit"), user)
    out = await harness.press(button_data(out, "Strength"), user)
    out = await harness.press(button_data(out, "8"), user)
    out = await harness.send("right foot 4/10 1 min", user)
    assert any("I left the changes you were making" in t for t in texts(out)), texts(out)
    rows = await _rows(harness, user)
    assert [(r["region"], r["intensity"]) for r in rows] == [("calf", 5), ("foot", 4)]


async def test_a_new_line_under_a_count_question_says_nothing_was_saved(harness: BotHarness) -> None:
    user = 69
    await harness.send(LONDON, user)
    out = await harness.send("calf cramps woke me up 3 times last night 6/10", user)
    assert "Did I get this right?" in texts(out)[-1]
    out = await harness.send("right foot 4/10 1 min", user)
    assert any("nothing from it was saved" in t for t in texts(out)), texts(out)
    rows = await _rows(harness, user)
    assert [r["region"] for r in rows] == ["foot"]
