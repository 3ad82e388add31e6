"""The callback-data codec: every family round-trips, fits Telegram's 64 bytes, and parses strictly."""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq import default_content_dir, load_faq
from handlers import callbacks as cb


@pytest.mark.parametrize("text", ["0", "7", "123456789012"])
def test_numbers_of_up_to_twelve_ascii_digits_parse(text: str) -> None:
    assert cb.parse_number(text) == int(text)


@pytest.mark.parametrize(
    "text",
    ["", "²", "1²", "١٢", "１２", "-1", "+1", " 1", "1 ", "1.0", "0x1", "1234567890123", "9" * 40, "1\n"],
)
def test_anything_else_is_not_a_number(text: str) -> None:
    assert cb.parse_number(text) is None


def test_entry_buttons_round_trip_and_refuse_forgeries() -> None:
    for action in sorted(cb.ENTRY_ACTIONS):
        data = cb.entry_button(action, cb.MAX_NUMBER)
        assert cb.parse_entry_button(data) == cb.EntryButton(action, cb.MAX_NUMBER)
        assert len(data.encode()) <= cb.MAX_BYTES
    for forged in [
        "ep:del:²",
        "ep:open:²",
        "ep:del:" + "9" * 20,
        "ep:zap:1",
        "ep:del",
        "ep:del:1:2",
        "xx:del:1",
    ]:
        assert cb.parse_entry_button(forged) is None, forged


def test_history_pages_round_trip_and_refuse_forgeries() -> None:
    assert cb.parse_history_page(cb.history_page(16)) == 16
    for forged in ["hi:²", "hi:", "hi:-8", "hi:x", "hi:" + "1" * 13, "ho:8"]:
        assert cb.parse_history_page(forged) is None, forged


def test_flow_buttons_round_trip_and_refuse_forgeries() -> None:
    assert cb.parse_flow_button(cb.flow_button("a1b2c3", "reg", "lower_back")) == cb.FlowButton(
        "a1b2c3", "reg", "lower_back"
    )
    assert cb.parse_flow_button(cb.flow_button("a1b2c3", "save")) == cb.FlowButton("a1b2c3", "save")
    for forged in [
        "lg:zzzzzz:save",
        "lg:a1b2c3",
        "lg:a1b2c3:go:../x",
        "lg:a1b2c3:GO:review",
        "lg:a1b2c3:a:b:c",
    ]:
        assert cb.parse_flow_button(forged) is None, forged


def test_reminder_buttons_carry_their_day() -> None:
    day = date(2026, 3, 29)
    data = cb.reminder_button("night", "few", day)
    assert data == "rm:night:few:20260329"
    assert cb.parse_reminder_button(data) == cb.ReminderButton("night", "few", day)
    assert cb.parse_reminder_button(cb.reminder_button("drank", day=day)) == cb.ReminderButton(
        "drank", "", day
    )
    assert cb.parse_reminder_button(cb.reminder_button("rec", "yes")) == cb.ReminderButton("rec", "yes")
    for forged in ["rm:drank:x:20261340", "rm:drank::2026", "rm:zap", "rm:night:few:²0260329", "rm"]:
        assert cb.parse_reminder_button(forged) is None, forged


def test_faq_buttons_round_trip() -> None:
    day = date(2026, 1, 2)
    assert cb.parse_faq_button(cb.faq_feedback("baclofen", False, day)) == cb.FaqButton(
        "fb", "baclofen", False, day
    )
    assert cb.parse_faq_button(cb.faq_show("baclofen")) == cb.FaqButton("show", "baclofen")
    assert cb.parse_faq_button(cb.faq_topic("basics")) == cb.FaqButton("topic", "basics")
    assert cb.parse_faq_button(cb.FAQ_TOPICS) == cb.FaqButton("topics")
    for forged in ["faq:fb:baclofen:up", "faq:fb:baclofen:sideways:20260102", "faq:show:", "faq:nope", "faq"]:
        assert cb.parse_faq_button(forged) is None, forged


def test_every_content_entry_and_topic_fits_in_its_buttons() -> None:
    library = load_faq(default_content_dir())
    day = date(2026, 12, 31)
    for entry_id in library.entries:
        for data in (cb.faq_show(entry_id), cb.faq_feedback(entry_id, False, day)):
            assert len(data.encode()) <= cb.MAX_BYTES and cb.parse_faq_button(data) is not None
    for topic in library.topics:
        assert cb.parse_faq_button(cb.faq_topic(topic.id)) is not None


def test_time_zone_buttons() -> None:
    assert cb.parse_zone_button(cb.zone_button("America/Argentina/ComodRivadavia")) == (
        "America/Argentina/ComodRivadavia"
    )
    assert cb.parse_zone_button("tz:set:../../etc") is None
    assert cb.parse_zone_button("tz:Europe/Berlin") is None


def test_data_over_64_bytes_is_refused_when_built() -> None:
    with pytest.raises(ValueError):
        cb.faq_show("x" * 60)
