from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.timezones import local_now_text, resolve_zone_text, zone_from_location


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Zürich", "Europe/Zurich"),
        ("zurich", "Europe/Zurich"),
        ("tokyo", "Asia/Tokyo"),
        ("Munich", "Europe/Berlin"),
        ("Manchester", "Europe/London"),
        ("Melbourne", "Australia/Melbourne"),
        ("utc", "UTC"),
        ("  Lisbon. ", "Europe/Lisbon"),
    ],
)
def test_best_candidate(typed: str, zone: str) -> None:
    candidates = resolve_zone_text(typed)
    assert candidates, typed
    assert candidates[0].zone == zone


def test_ambiguous_city_offers_several_zones_biggest_first() -> None:
    zones = [c.zone for c in resolve_zone_text("Springfield")]
    assert len(zones) >= 2 and len(set(zones)) == len(zones)


@pytest.mark.parametrize("typed", ["", "   ", "xyzzyplugh", "🙂", "a" * 500])
def test_nothing_found(typed: str) -> None:
    assert resolve_zone_text(typed) == []


def test_zone_from_location() -> None:
    assert zone_from_location(52.52, 13.40) == "Europe/Berlin"
    assert zone_from_location(35.68, 139.69) == "Asia/Tokyo"
    assert zone_from_location(40.71, -74.0) == "America/New_York"
    assert zone_from_location(123.0, 0.0) is None


def test_local_now_text_across_dst() -> None:
    # 2026-03-29 01:30 UTC is 03:30 CEST in Berlin (just after the clocks went forward).
    assert local_now_text("Europe/Berlin", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)).startswith("03:30")
    assert local_now_text("Europe/Berlin", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)).startswith("01:30")
