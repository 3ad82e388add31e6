"""Load and validate the curated content once at start-up.

Any problem raises ContentError with one line naming the file and the problem, so a broken
edit fails loudly at boot instead of showing a half-empty answer to a user.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.content_files import content_dir, load_yaml
from bot.faq.model import ContentError, FaqEntry, FaqLibrary, Source, Topic
from bot.faq.sources import default_allowed_domains, source_problem

AUDIENCES = frozenset({"general", "ms", "eds_hsd", "night_cramps", "pregnancy", "athletes"})
MAX_ANSWER_CHARS = 3500
# the longest button payload is "faq:fb:<id>:down"; Telegram allows 64 bytes of callback data
MAX_ID_CHARS = 48
REQUIRED_FIELDS = ("id", "title", "questions", "sources", "audience", "related", "reviewed", "topic")
# `red_flags: [rule ids]` links an entry to the rules in red_flags.yaml whose signs it describes;
# tests/safety/test_faq_agreement.py checks the entry's advice against each rule's tier.
OPTIONAL_FIELDS = ("red_flags",)

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
_HTML_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.DOTALL)


def default_content_dir() -> Path:
    """The curated content/ folder, installed or in a checkout (see bot.content_files)."""
    return content_dir()


def load_faq(content_dir: Path) -> FaqLibrary:
    topics = load_topics(content_dir)
    topic_ids = {topic.id for topic in topics}
    faq_dir = content_dir / "faq"
    # entries may be grouped in sub-folders, so ids are checked for uniqueness across all of them
    files = sorted(faq_dir.rglob("*.md"))
    if not files:
        raise ContentError(f"{faq_dir}: no FAQ entries (*.md) found")
    entries: dict[str, FaqEntry] = {}
    for path in files:
        entry = _parse_entry(path, topic_ids)
        if entry.id in entries:
            raise ContentError(
                f"{path.relative_to(faq_dir)}: duplicate id '{entry.id}' (also used by another file)"
            )
        entries[entry.id] = entry
    for path in files:
        entry = entries[path.stem]
        for related_id in entry.related:
            if related_id not in entries:
                raise ContentError(f"{path.name}: related id '{related_id}' does not exist")
    return FaqLibrary(entries=entries, topics=topics)


def load_topics(content_dir: Path) -> list[Topic]:
    path = content_dir / "topics.yaml"
    data = read_yaml(path)
    raw_topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(raw_topics, list) or not raw_topics:
        raise ContentError(f"{path.name}: expected a non-empty 'topics' list")
    topics: list[Topic] = []
    for index, item in enumerate(raw_topics):
        where = f"{path.name}: topic #{index + 1}"
        if not isinstance(item, dict):
            raise ContentError(f"{where}: expected a mapping with id and title")
        topic_id = require_str(item, "id", where)
        if not _ID_RE.match(topic_id):
            raise ContentError(f"{where}: id '{topic_id}' is not snake_case")
        topics.append(Topic(id=topic_id, title=require_str(item, "title", where)))
    ids = [topic.id for topic in topics]
    duplicates = sorted({topic_id for topic_id in ids if ids.count(topic_id) > 1})
    if duplicates:
        raise ContentError(f"{path.name}: duplicate topic id '{duplicates[0]}'")
    return topics


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"{path.name}: cannot read ({error.strerror})") from error
    return _parse_yaml(text, path.name)


def require_str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def parse_sources(value: Any, where: str, allowed: frozenset[str] | None = None) -> tuple[Source, ...]:
    """Named sources, each on the allow-list (docs/CONTENT.md unless `allowed` is given)."""
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: 'sources' must be a non-empty list of {{name, url}}")
    sources: list[Source] = []
    for index, item in enumerate(value):
        item_where = f"{where}: source #{index + 1}"
        if not isinstance(item, dict):
            raise ContentError(f"{item_where}: expected a mapping with name and url")
        url = require_str(item, "url", item_where)
        if not _URL_RE.match(url):
            raise ContentError(f"{item_where}: url '{url}' does not look like an http(s) address")
        problem = source_problem(url, default_allowed_domains() if allowed is None else allowed)
        if problem is not None:
            raise ContentError(f"{item_where}: url '{url}' {problem}")
        sources.append(Source(name=require_str(item, "name", item_where), url=url))
    return tuple(sources)


def _parse_yaml(text: str, name: str) -> Any:
    try:
        return load_yaml(text)
    except (yaml.YAMLError, ValueError) as error:
        # ValueError: PyYAML builds dates itself, so "2026-13-45" fails outside YAMLError.
        problem = str(error).splitlines()[0] if str(error) else "invalid YAML"
        mark = getattr(error, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise ContentError(f"{name}: invalid YAML{line}: {problem}") from error


def _parse_entry(path: Path, topic_ids: set[str]) -> FaqEntry:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(f"{name}: cannot read ({error})") from error
    found = _FRONT_MATTER_RE.match(text)
    if found is None:
        raise ContentError(f"{name}: missing YAML front matter between '---' lines")
    header = _parse_yaml(found.group(1), name)
    if not isinstance(header, dict):
        raise ContentError(f"{name}: front matter must be a mapping")
    missing = [key for key in REQUIRED_FIELDS if key not in header]
    if missing:
        raise ContentError(f"{name}: missing required field '{missing[0]}'")
    unknown = sorted(set(header) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise ContentError(f"{name}: unknown field '{unknown[0]}'")

    entry_id = require_str(header, "id", name)
    if entry_id != path.stem:
        raise ContentError(f"{name}: id '{entry_id}' must equal the file name '{path.stem}'")
    if not _ID_RE.match(entry_id):
        raise ContentError(f"{name}: id '{entry_id}' is not snake_case")
    if len(entry_id) > MAX_ID_CHARS:
        raise ContentError(f"{name}: id is {len(entry_id)} characters, the limit is {MAX_ID_CHARS}")
    topic = require_str(header, "topic", name)
    if topic not in topic_ids:
        raise ContentError(f"{name}: unknown topic '{topic}'")
    audience = _str_list(header, "audience", name, allow_empty=False)
    strange = sorted(set(audience) - AUDIENCES)
    if strange:
        raise ContentError(f"{name}: unknown audience '{strange[0]}'")
    related = _str_list(header, "related", name, allow_empty=True)
    if entry_id in related:
        raise ContentError(f"{name}: an entry cannot be related to itself")
    return FaqEntry(
        id=entry_id,
        title=require_str(header, "title", name),
        questions=_str_list(header, "questions", name, allow_empty=False),
        answer=_check_answer(found.group(2), name),
        sources=parse_sources(header["sources"], name),
        audience=audience,
        related=related,
        reviewed=_parse_date(header["reviewed"], name),
        topic=topic,
    )


def _str_list(header: dict[str, Any], key: str, name: str, *, allow_empty: bool) -> tuple[str, ...]:
    value = header[key]
    if value is None and allow_empty:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ContentError(f"{name}: '{key}' must be a list of non-empty strings")
    if not value and not allow_empty:
        raise ContentError(f"{name}: '{key}' must not be empty")
    return tuple(item.strip() for item in value)


def _parse_date(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ContentError(f"{name}: 'reviewed' must be an ISO date (YYYY-MM-DD), got '{value}'")


def _check_answer(body: str, name: str) -> str:
    answer = body.strip()
    if not answer:
        raise ContentError(f"{name}: the answer (text after the front matter) is empty")
    if len(answer) > MAX_ANSWER_CHARS:
        raise ContentError(f"{name}: answer is {len(answer)} characters, the limit is {MAX_ANSWER_CHARS}")
    if _HTML_RE.search(answer):
        raise ContentError(f"{name}: answer contains HTML; use plain text")
    return answer
