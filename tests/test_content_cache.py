"""load_content reads content/ once per process while no file under it changed (the tests start
hundreds of bots), and reads it again, with its checks, as soon as one did."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.app import OFFLINE_TOKEN, load_content
from bot.config import Settings, load_settings
from bot.content_files import content_dir
from bot.faq import ContentError


def _settings(folder: Path) -> Settings:
    return load_settings(
        telegram_bot_token=OFFLINE_TOKEN, database_url="sqlite:///unused.sqlite3", content_dir=folder
    )


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(content_dir(), folder)
    return folder


def test_unchanged_content_is_loaded_once(content_copy: Path) -> None:
    first = load_content(_settings(content_copy))
    assert load_content(_settings(content_copy)) is first


def test_a_changed_file_is_read_and_checked_again(content_copy: Path) -> None:
    first = load_content(_settings(content_copy))
    stretches = content_copy / "stretches.yaml"
    stretches.write_text(stretches.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    again = load_content(_settings(content_copy))
    assert again is not first and again.faq.entries == first.faq.entries
    broken = content_copy / "red_flags.yaml"
    broken.write_text("rules: [unclosed", encoding="utf-8")
    os.utime(broken, ns=(1, 1))  # even an older time differs from what was loaded
    with pytest.raises(ContentError, match=r"red_flags\.yaml"):
        load_content(_settings(content_copy))
