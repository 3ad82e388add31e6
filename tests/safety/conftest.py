"""Fixtures: the real safety content, loaded once, and a copy of it to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.faq import default_content_dir
from bot.safety import NumberBook, TriageRules, load_numbers, load_triage_rules


@pytest.fixture(scope="session")
def rules() -> TriageRules:
    return load_triage_rules(default_content_dir())


@pytest.fixture(scope="session")
def numbers() -> NumberBook:
    return load_numbers(default_content_dir())


@pytest.fixture
def safety_content(tmp_path: Path) -> Path:
    for name in ("red_flags.yaml", "emergency_numbers.yaml"):
        shutil.copy(default_content_dir() / name, tmp_path / name)
    return tmp_path
