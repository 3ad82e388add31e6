"""FAQ entries and red-flag rules agree: an entry that names a rule (front matter `red_flags:`)
gives that rule's tier of advice, so the FAQ never says "same day" where the rule says "emergency"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.faq import default_content_dir
from bot.safety import TriageRules

FAQ_DIR = default_content_dir() / "faq"
# What each tier's advice must say somewhere in the entry.
TIER_WORDS = {
    "crisis": re.compile(r"crisis line|helpline|Samaritans", re.IGNORECASE),
    "emergency": re.compile(r"emergency number", re.IGNORECASE),
    "urgent": re.compile(r"\btoday\b", re.IGNORECASE),
    "soon": re.compile(r"appointment", re.IGNORECASE),
}


def _entry(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, header, body = text.split("---", 2)
    data = yaml.safe_load(header)
    assert isinstance(data, dict)
    return data, body


def _linked_entries() -> list[Path]:
    return sorted(path for path in FAQ_DIR.rglob("*.md") if "red_flags" in _entry(path)[0])


def test_every_urgent_entry_names_its_rules() -> None:
    urgent = sorted(FAQ_DIR.rglob("urgent_*.md"))
    assert urgent
    assert [path for path in urgent if "red_flags" not in _entry(path)[0]] == []
    assert len(_linked_entries()) >= len(urgent) + 2  # plus pregnancy cramps and "when to see a doctor"


@pytest.mark.parametrize("path", _linked_entries(), ids=lambda path: path.stem)
def test_an_entry_gives_the_advice_of_each_rule_it_names(rules: TriageRules, path: Path) -> None:
    header, body = _entry(path)
    named = header["red_flags"]
    assert isinstance(named, list) and named, f"{path.name}: red_flags must be a list of rule ids"
    for rule_id in named:
        flag = rules.flag(rule_id)
        assert flag is not None, f"{path.name}: no rule '{rule_id}' in red_flags.yaml"
        assert TIER_WORDS[flag.tier].search(body), (
            f"{path.name}: names '{rule_id}' ({flag.tier}) but never gives that advice"
        )


def test_an_urgent_rule_is_not_described_as_an_emergency_first(rules: TriageRules) -> None:
    """urgent_<rule>.md for an urgent-tier rule opens its advice with 'today', not 'call now'."""
    for path in sorted(FAQ_DIR.rglob("urgent_*.md")):
        header, body = _entry(path)
        main = rules.flag(header["red_flags"][0])
        assert main is not None
        today, emergency = body.find("today"), body.find("emergency number")
        if main.tier == "urgent":
            assert today >= 0 and (emergency < 0 or today < emergency), path.name
        elif main.tier == "emergency":
            assert emergency >= 0 and (today < 0 or emergency < today), path.name
