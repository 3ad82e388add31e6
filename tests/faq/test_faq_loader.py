"""Loader validation: the real content loads, and every kind of broken file fails with a clear message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bot.faq import ContentError, FaqLibrary, default_content_dir, load_faq
from tests.faq.conftest import write_entry


def test_default_content_dir_is_the_repo_content_folder() -> None:
    content = default_content_dir()
    assert content.name == "content"
    assert (content / "topics.yaml").is_file()
    assert (content / "faq").is_dir()


def test_real_content_loads_with_enough_entries(library: FaqLibrary) -> None:
    assert len(library.entries) >= 45
    for entry_id, entry in library.entries.items():
        assert entry.id == entry_id
        assert isinstance(entry.reviewed, date)
        assert len(entry.questions) >= 4, entry_id


def test_every_topic_has_entries_and_by_topic_is_sorted(library: FaqLibrary) -> None:
    for topic in library.topics:
        entries = library.by_topic(topic.id)
        assert entries, f"topic {topic.id} has no entries"
        titles = [entry.title.casefold() for entry in entries]
        assert titles == sorted(titles)
    assert library.by_topic("no_such_topic") == []


def test_small_valid_dir_loads(small_content: Path) -> None:
    library = load_faq(small_content)
    assert sorted(library.entries) == ["first_entry", "second_entry"]
    assert library.entries["first_entry"].related == ("second_entry",)
    assert library.entries["first_entry"].sources[0].url == "https://www.nhs.uk/conditions/leg-cramps/"
    assert [topic.id for topic in library.topics] == ["basics", "other"]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _entry(content: Path) -> Path:
    return content / "faq" / "first_entry.md"


def _add_entry_in_subfolder(content: Path, entry_id: str) -> None:
    folder = content / "faq" / "more"
    folder.mkdir()
    write_entry(folder, entry_id)


BREAKAGES: dict[str, tuple[Callable[[Path], object], str, str]] = {
    # name: (how to break the small content dir, file named in the message, words in the message)
    "missing field": (lambda c: _replace(_entry(c), "title: A test entry\n", ""), "first_entry.md", "title"),
    "unknown field": (
        lambda c: _replace(_entry(c), "topic: basics", "topic: basics\ncolour: red"),
        "first_entry.md",
        "colour",
    ),
    "questions not a list": (
        lambda c: _replace(
            _entry(c),
            "questions:\n  - What is a test entry?\n  - How does the loader work?",
            "questions: just one",
        ),
        "first_entry.md",
        "questions",
    ),
    "empty questions": (
        lambda c: _replace(
            _entry(c), "questions:\n  - What is a test entry?\n  - How does the loader work?", "questions: []"
        ),
        "first_entry.md",
        "questions",
    ),
    "title wrong type": (
        lambda c: _replace(_entry(c), "title: A test entry", "title: [a, b]"),
        "first_entry.md",
        "title",
    ),
    "id differs from file name": (
        lambda c: _replace(_entry(c), "id: first_entry", "id: other_name"),
        "first_entry.md",
        "file name",
    ),
    "related id missing": (
        lambda c: _replace(_entry(c), "related: [second_entry]", "related: [ghost_entry]"),
        "first_entry.md",
        "ghost_entry",
    ),
    "unknown topic": (
        lambda c: _replace(_entry(c), "topic: basics", "topic: astrology"),
        "first_entry.md",
        "astrology",
    ),
    "url not http": (
        lambda c: _replace(
            _entry(c), "https://www.nhs.uk/conditions/leg-cramps/", "ftp://www.nhs.uk/conditions/leg-cramps/"
        ),
        "first_entry.md",
        "url",
    ),
    "url without host": (
        lambda c: _replace(_entry(c), "https://www.nhs.uk/conditions/leg-cramps/", "see the leaflet"),
        "first_entry.md",
        "url",
    ),
    "source off the allow-list": (
        lambda c: _replace(_entry(c), "https://www.nhs.uk/", "https://nhs-mirror.example.com/"),
        "first_entry.md",
        "allow-list",
    ),
    "source over plain http": (
        lambda c: _replace(_entry(c), "https://www.nhs.uk/", "http://www.nhs.uk/"),
        "first_entry.md",
        "https",
    ),
    "id too long for button data": (
        lambda c: _add_entry_in_subfolder(c, "a" * 49),
        "aaaa",
        "48",
    ),
    "source without name": (
        lambda c: _replace(_entry(c), "  - name: NHS – Leg cramps\n    url:", "  - url:"),
        "first_entry.md",
        "name",
    ),
    "reviewed not a date": (
        lambda c: _replace(_entry(c), "reviewed: 2026-11-21", "reviewed: 21/11/2026"),
        "first_entry.md",
        "reviewed",
    ),
    "reviewed impossible date": (
        lambda c: _replace(_entry(c), "reviewed: 2026-11-21", "reviewed: 2026-13-45"),
        "first_entry.md",
        "YAML",
    ),
    "unknown audience": (
        lambda c: _replace(_entry(c), "audience: [general]", "audience: [general, aliens]"),
        "first_entry.md",
        "aliens",
    ),
    "answer too long": (
        lambda c: _replace(_entry(c), "A short plain answer", "word " * 800 + "A short plain answer"),
        "first_entry.md",
        "3500",
    ),
    "answer empty": (
        lambda c: _replace(_entry(c), "A short plain answer used only by the loader tests.\n", ""),
        "first_entry.md",
        "empty",
    ),
    "answer with html": (
        lambda c: _replace(_entry(c), "A short plain answer", "<b>A short</b> plain answer"),
        "first_entry.md",
        "HTML",
    ),
    "no front matter": (
        lambda c: _entry(c).write_text("Just text, no header.\n", encoding="utf-8"),
        "first_entry.md",
        "front matter",
    ),
    "invalid yaml": (
        lambda c: _replace(_entry(c), "audience: [general]", "audience: [general"),
        "first_entry.md",
        "YAML",
    ),
    "duplicate id in sub-folder": (
        lambda c: _add_entry_in_subfolder(c, "second_entry"),
        "second_entry.md",
        "duplicate",
    ),
    "topics file missing": (lambda c: (c / "topics.yaml").unlink(), "topics.yaml", "cannot read"),
    "duplicate topic": (
        lambda c: _replace(c / "topics.yaml", "id: other", "id: basics"),
        "topics.yaml",
        "duplicate",
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_broken_content_raises_one_line_error_naming_file(small_content: Path, breakage: str) -> None:
    break_it, file_name, words = BREAKAGES[breakage]
    break_it(small_content)
    with pytest.raises(ContentError) as caught:
        load_faq(small_content)
    message = str(caught.value)
    assert file_name in message
    assert words.lower() in message.lower()
    assert "\n" not in message


def test_empty_faq_folder_is_an_error(small_content: Path) -> None:
    for path in (small_content / "faq").glob("*.md"):
        path.unlink()
    with pytest.raises(ContentError, match="no FAQ entries"):
        load_faq(small_content)
