"""One update the library cannot parse must not stall polling for everyone (bot/polling.py)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.polling import BAD_GATEWAY, sieve_updates
from tests.harness import bot_over_http

GOOD = {"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "private"}}}


async def test_a_malformed_update_between_two_good_ones_is_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with bot_over_http(tmp_path, database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}") as (
        server,
        _application,
    ):
        api = server.api
        polls_before = len(api.calls_named("getUpdates"))
        api.user_message(71, "/help")
        bad = api.raw_update({"message": {"message_id": 9, "date": "yesterday", "text": "my calf, zebra"}})
        api.user_message(72, "/help")
        await api.wait_for_calls("sendMessage", chat_id=71, timeout=10)
        await api.wait_for_calls("sendMessage", chat_id=72, timeout=10)
        await api.wait_for(lambda: not api.pending_updates(), timeout=10)  # offset moved past all
        polls = len(api.calls_named("getUpdates")) - polls_before
    assert polls <= 6, f"{polls} getUpdates for three updates: polling is spinning"
    skipped = [r.getMessage() for r in caplog.records if r.name == "bot.polling"]
    assert skipped == [f"update {bad} could not be parsed (TypeError): skipped"]
    assert "zebra" not in caplog.text


def test_each_bad_update_becomes_a_bare_id_and_the_rest_pass_unchanged() -> None:
    bad = {"update_id": 2, "callback_query": {"id": "1"}}  # chat_instance and from missing
    later = {**GOOD, "update_id": 3}
    status, body = sieve_updates(json.dumps({"ok": True, "result": [GOOD, bad, later]}).encode())
    assert status == 200
    assert json.loads(body)["result"] == [GOOD, {"update_id": 2}, later]


def test_an_answer_that_parses_is_handed_on_byte_for_byte() -> None:
    payload = json.dumps({"ok": True, "result": [GOOD]}).encode()
    assert sieve_updates(payload) == (200, payload)


@pytest.mark.parametrize(
    "payload",
    [b"<html>gateway</html>", b'{"ok": true, "result": {"update_id": 1}}', b'{"ok": true, "result": [7]}'],
)
def test_an_unusable_answer_becomes_an_error_that_polling_backs_off_from(payload: bytes) -> None:
    status, body = sieve_updates(payload)
    assert status == BAD_GATEWAY and json.loads(body)["ok"] is False


def test_telegram_errors_are_handed_on_as_they_are() -> None:
    payload = b'{"ok": false, "error_code": 409, "description": "Conflict"}'
    assert sieve_updates(payload) == (200, payload)


@pytest.fixture(autouse=True)
def _capture_warnings(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
