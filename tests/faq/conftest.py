"""Shared fixtures: the real content (loaded once) and a small valid content dir to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.faq import FaqLibrary, FaqMatcher, default_content_dir, load_faq

VALID_ENTRY = """---
id: {id}
title: {title}
topic: basics
audience: [general]
questions:
  - What is a test entry?
  - How does the loader work?
related: [{related}]
sources:
  - name: NHS – Leg cramps
    url: https://www.nhs.uk/conditions/leg-cramps/
reviewed: 2026-11-21
---
A short plain answer used only by the loader tests.
"""


def write_entry(folder: Path, entry_id: str, related: str = "", title: str = "A test entry") -> Path:
    path = folder / f"{entry_id}.md"
    path.write_text(VALID_ENTRY.format(id=entry_id, title=title, related=related), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def library() -> FaqLibrary:
    return load_faq(default_content_dir())


@pytest.fixture(scope="session")
def matcher(library: FaqLibrary) -> FaqMatcher:
    return FaqMatcher(library)


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """A minimal valid content dir: two topics, two entries, a copy of the real red-flag rules."""
    (tmp_path / "faq").mkdir()
    (tmp_path / "topics.yaml").write_text(
        "topics:\n  - id: basics\n    title: Basics\n  - id: other\n    title: Other\n", encoding="utf-8"
    )
    write_entry(tmp_path / "faq", "first_entry", related="second_entry")
    write_entry(tmp_path / "faq", "second_entry")
    shutil.copy(default_content_dir() / "red_flags.yaml", tmp_path / "red_flags.yaml")
    return tmp_path
