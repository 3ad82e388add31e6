"""Country from the time zone (tzdata tables), the sourced numbers table, and the replies that use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.faq import ContentError
from bot.safety import NumberBook, RedFlag, TriageRules, load_numbers, render_safety_reply
from bot.safety.countries import country_of_zone

# The 30 most populous Telegram countries (as far as public estimates go) plus those the issue names.
REQUIRED = set(
    [
        "GB",
        "IE",
        "US",
        "CA",
        "AU",
        "NZ",
        "DE",
        "FR",
        "IT",
        "ES",
        "PL",
        "NL",
        "IN",
        "BR",
        "RU",
        "UA",
        "ID",
        "MX",
        "TR",
        "EG",
        "IR",
        "VN",
        "PH",
        "NG",
        "BD",
        "SA",
        "AR",
        "CO",
        "MY",
        "TH",
        "KZ",
        "UZ",
        "BY",
        "KE",
        "ZA",
        "AE",
    ]
)


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/London", "GB"),
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("US/Eastern", "US"),  # an old alias, found through its data
        ("Australia/Sydney", "AU"),
        ("Australia/Perth", "AU"),
        ("Europe/Berlin", "DE"),
        ("Asia/Kolkata", "IN"),
        ("Asia/Calcutta", "IN"),
        ("America/Sao_Paulo", "BR"),
        ("Europe/Kyiv", "UA"),
        ("Europe/Kiev", "UA"),
        ("Europe/Dublin", "IE"),
        ("America/Toronto", "CA"),
        ("Pacific/Auckland", "NZ"),
        ("UTC", None),
        ("Etc/GMT+3", None),
        ("Not/A_Zone", None),
        ("../../etc/passwd", None),
        ("", None),
        (None, None),
    ],
)
def test_country_of_zone(zone: str | None, country: str | None) -> None:
    assert country_of_zone(zone) == country


def test_the_table_covers_the_countries_the_issue_asks_for(numbers: NumberBook) -> None:
    assert set(numbers.countries) >= REQUIRED
    assert len(numbers.countries) >= 37
    for code, row in numbers.countries.items():
        assert row.sources and all(s.url.startswith("https://") for s in row.sources), code
        assert any(ch.isdigit() for ch in row.emergency), code


def test_every_eu_country_gets_112(numbers: NumberBook) -> None:
    eu = [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
    assert all("112" in numbers.for_country(code).emergency for code in eu)


def _flag(rules: TriageRules, rule_id: str) -> RedFlag:
    flag = rules.flag(rule_id)
    assert flag is not None
    return flag


# zone -> (emergency number, urgent line or None, crisis line or the finder)
EXPECTED = {
    "Europe/London": ("999", "111", "116 123"),
    "America/Chicago": ("911", None, "988"),
    "Australia/Melbourne": ("000", "1800 022 222", "13 11 14"),
    "Europe/Berlin": ("112", "116 117", "0800 111 0 111"),
    "Asia/Kolkata": ("112", None, "14416"),
    "America/Sao_Paulo": ("192", None, "188"),
    "UTC": ("112 or 911", None, "findahelpline.com"),
}


@pytest.mark.parametrize("zone", sorted(EXPECTED))
def test_each_tier_names_the_persons_numbers_first(
    rules: TriageRules, numbers: NumberBook, zone: str
) -> None:
    emergency, urgent, crisis = EXPECTED[zone]
    book = numbers.for_zone(zone)

    reply = render_safety_reply(_flag(rules, "chest_pain"), book, numbers.helpline_finder)
    first = reply.splitlines()[0]
    assert emergency in first and "now" in first

    reply = render_safety_reply(_flag(rules, "swollen_calf"), book, numbers.helpline_finder)
    first = reply.splitlines()[0]
    assert first.startswith("📞")
    assert (urgent or emergency) in first[:40]  # the number comes before the advice
    assert "today" in first and emergency in first

    reply = render_safety_reply(_flag(rules, "suicidal_thoughts"), book, numbers.helpline_finder)
    assert crisis in reply and emergency in reply
    assert len(reply) < 700  # short
    assert "Source" not in reply


def test_other_countries_numbers_do_not_leak(rules: TriageRules, numbers: NumberBook) -> None:
    uk = render_safety_reply(_flag(rules, "chest_pain"), numbers.for_zone("Europe/London"), "x")
    us = render_safety_reply(_flag(rules, "chest_pain"), numbers.for_zone("America/New_York"), "x")
    assert "911" not in uk.splitlines()[0] and "999" not in us.splitlines()[0]


def _break(content: Path, old: str, new: str) -> None:
    path = content / "emergency_numbers.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in emergency_numbers.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  GB:\n", "  UK:\n", "ISO 3166"),
        ('  "NO": {', "  NO: {", "ISO 3166"),  # YAML reads a bare NO as false
        ("    emergency: 999 or 112\n", "    emergency: nine nine nine\n", "number to dial"),
        ('url: "https://www.911.gov/"', 'url: "http://www.911.gov/"', "https"),
        (
            "    crisis: {name: Samaritans, number: 116 123}\n",
            "    crisis: {name: Samaritans}\n",
            "name and number",
        ),
        ("reviewed: 2026-12-01", "reviewed: soon", "reviewed"),
    ],
)
def test_a_broken_numbers_file_raises(safety_content: Path, old: str, new: str, words: str) -> None:
    _break(safety_content, old, new)
    with pytest.raises(ContentError) as caught:
        load_numbers(safety_content)
    assert "emergency_numbers.yaml" in str(caught.value)
    assert words.lower() in str(caught.value).lower()
