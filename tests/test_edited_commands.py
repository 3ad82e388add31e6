"""Only new messages run commands: an edit into /forget, /export json or /log does nothing."""

from __future__ import annotations

import pytest

from tests.harness import BotHarness, texts

USER = 31


async def _edit(harness: BotHarness, text: str) -> list[dict[str, object]]:
    start = len(harness.api.calls)
    await harness.processor.wait_processed(harness.api.edited_message(USER, text), timeout=15)
    return harness.outgoing(start)


@pytest.mark.parametrize("command", ["/forget", "/export json", "/export", "/log", "/history", "/start"])
async def test_an_edit_into_a_command_runs_nothing(harness: BotHarness, command: str) -> None:
    await harness.send("left calf 7/10 2 min", USER)
    out = await _edit(harness, command)
    assert [o["method"] for o in out] == ["sendMessage"]
    assert "only read new messages" in texts(out)[0]
    assert "inline_keyboard" not in str(out[0].get("reply_markup") or "")
    rows = await harness.app.bot_data["services"].db.fetch_value(
        "SELECT COUNT(*) FROM episodes WHERE user_id = ?", (USER,)
    )
    assert rows == 1


async def test_an_edited_cancel_does_not_end_a_flow(harness: BotHarness) -> None:
    await harness.send("/log", USER)
    out = await _edit(harness, "/cancel")
    assert "only read new messages" in texts(out)[0]
    conversations = await harness.app.bot_data["services"].db.fetch_value(
        "SELECT COUNT(*) FROM conversations WHERE user_id = ?", (USER,)
    )
    assert conversations == 1


async def test_the_same_command_sent_anew_still_works(harness: BotHarness) -> None:
    await harness.send("calf 5", USER)
    out = await harness.send("/forget", USER)
    assert "erases everything" in texts(out)[0]
