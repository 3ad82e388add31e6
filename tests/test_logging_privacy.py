"""LOG_LEVEL=DEBUG must not put a person's words, notes or ids in the log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logging_setup import LIBRARY_FLOORS, configure_logging
from tests.conftest import MovableClock
from tests.harness import button_data, running_harness

WHO = 918_273_645
NOTE = "zebra-note quietly kept"
LINE = "left calf 7/10 2 min after hiking uphill"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in (*LIBRARY_FLOORS, "bot", "handlers")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


@pytest.mark.usefixtures("restore_logging")
async def test_a_whole_conversation_at_debug_leaves_no_health_data_in_the_log(tmp_path: Path) -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", ["secret-token"], stream=stream)
    logging.getLogger("bot.test").debug("own debug lines still come through")
    async with running_harness(tmp_path / "bot.sqlite3", MovableClock()) as harness:
        await harness.send("/start", WHO)
        await harness.send("/timezone Europe/Berlin", WHO)
        await harness.send(LINE, WHO)
        out = await harness.send("/log", WHO)
        out = await harness.press(button_data(out, "Calf"), WHO)
        out = await harness.press(button_data(out, "6"), WHO)
        out = await harness.press(button_data(out, "Notes"), WHO)
        out = await harness.send(NOTE, WHO)
        await harness.press(button_data(out, "Save"), WHO)
        await harness.send("/history", WHO)
        await harness.send("/export json", WHO)
        out = await harness.send("/forget", WHO)
        await harness.press(button_data(out, "Delete everything"), WHO)
    log = stream.getvalue()
    assert "own debug lines still come through" in log  # DEBUG really was on
    for secret in (NOTE, "zebra", "hiking", "Europe/Berlin", str(WHO)):
        assert secret not in log, secret


@pytest.mark.usefixtures("restore_logging")
def test_library_records_lose_update_payloads() -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", [], stream=stream)
    update = {"update_id": 7, "message": {"text": "my calf at 3am, zebra"}}
    # What PTB's webhook handler logs for an update it cannot parse:
    logging.getLogger("telegram.ext._utils.webhookhandler").critical(
        "Something went wrong processing the data received from Telegram. Received data was: %r", update
    )
    logging.getLogger("telegram.ext.Updater").critical("Error while parsing updates: %s", str([update]))
    logging.getLogger("telegram.Bot").info("plain library line %s of %d", "retry", 3)
    logging.getLogger("aiosqlite").debug("executing %s with %s", "INSERT", ("zebra",))
    log = stream.getvalue()
    assert "zebra" not in log and "3am" not in log
    assert "Something went wrong" in log and "plain library line retry of 3" in log
