"""Sources a clinician would accept: every cited address is https on an allow-listed domain.

The allow-list is read from docs/CONTENT.md, where reviewers keep it. The content check reads the
files directly (not through the loader) so one run lists every offender, in FAQ entries and in
the red-flag rules and the stretching routines alike."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.faq import ContentError, default_content_dir, load_faq
from bot.faq.sources import (
    default_allowlist_path,
    load_allowed_domains,
    parse_allowed_domains,
    source_problem,
)
from bot.safety.triage import load_triage_rules

ALLOWED = frozenset({"nhs.uk", "nih.gov", "mayoclinic.org"})
FRONT_MATTER_END = "\n---"


@pytest.fixture(scope="module")
def allowed() -> frozenset[str]:
    return load_allowed_domains(default_allowlist_path())


def _urls(data: Any) -> list[str]:
    """Every `url:` value anywhere in a parsed YAML document."""
    if isinstance(data, dict):
        found = [str(data["url"])] if "url" in data else []
        return found + [url for value in data.values() for url in _urls(value)]
    if isinstance(data, list):
        return [url for item in data for url in _urls(item)]
    return []


def _cited_urls() -> dict[str, list[str]]:
    content = default_content_dir()
    cited: dict[str, list[str]] = {}
    for path in sorted((content / "faq").rglob("*.md")):
        header = path.read_text(encoding="utf-8").split(FRONT_MATTER_END, 2)[0].removeprefix("---")
        cited[f"faq/{path.name}"] = _urls(yaml.safe_load(header).get("sources"))
    red_flags = yaml.safe_load((content / "red_flags.yaml").read_text(encoding="utf-8"))
    cited["red_flags.yaml"] = _urls(red_flags)
    # stretching routines are shown with their sources in reminders: the same rule holds
    cited["stretches.yaml"] = _urls(yaml.safe_load((content / "stretches.yaml").read_text(encoding="utf-8")))
    return cited


def test_the_allow_list_in_docs_has_the_official_bodies(allowed: frozenset[str]) -> None:
    assert {"nhs.uk", "nice.org.uk", "mstrust.org.uk", "mssociety.org.uk", "fda.gov", "nih.gov"} <= allowed
    assert len(allowed) >= 30


def test_every_cited_source_is_on_the_allow_list(allowed: frozenset[str]) -> None:
    cited = _cited_urls()
    assert sum(len(urls) for urls in cited.values()) > 100  # the check really saw the content
    offenders = {
        f"{where}: {url}": problem
        for where, urls in cited.items()
        for url in urls
        if (problem := source_problem(url, allowed)) is not None
    }
    assert offenders == {}


def test_every_faq_entry_cites_at_least_one_official_source() -> None:
    cited = _cited_urls()
    assert all(urls for where, urls in cited.items() if where.startswith("faq/")), cited


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nhs.uk/conditions/leg-cramps/",
        "https://nhs.uk/medicines/baclofen/",
        "https://www.guysandstthomas.nhs.uk/health-information/",
        "https://pubmed.ncbi.nlm.nih.gov/22341378/",
        "https://www.mayoclinic.org./diseases-conditions/muscle-cramp/",
    ],
)
def test_allowed_hosts_and_their_subdomains_pass(url: str) -> None:
    assert source_problem(url, ALLOWED) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://www.nhs.uk/conditions/leg-cramps/", "https"),
        ("https://developer.api.nhs.uk.example.com/widgets/", "allow-list"),
        ("https://notnhs.uk/conditions/", "allow-list"),
        ("https://www.doctoori.net/conditions/?condition=leg-cramps", "allow-list"),
        ("https://nhs.uk@evil.example.com/", "user name"),
        ("https://www.nhs.uk:8443/conditions/", "port"),
        ("ftp://www.nhs.uk/", "https"),
        ("https://developer.api.nhs.uk/widgets/condition/?condition=/conditions/leg-cramps/", "widget"),
        ("https://staging.mayoclinic.org/diseases-conditions/", "staging"),
        ("https://leapms.uat.nhs.uk/activity-suite/", "staging"),
        ("https://www.nhs.uk/widgets/condition/", "widget"),
    ],
)
def test_other_hosts_schemes_and_tricks_are_refused(url: str, words: str) -> None:
    problem = source_problem(url, ALLOWED)
    assert problem is not None and words in problem


def test_the_allow_list_parser_reads_bullets_between_the_markers() -> None:
    text = (
        "intro\n- notme.org — outside the markers\n<!-- source-allowlist:start -->\n"
        "- nhs.uk — NHS\n\n* `nih.gov` — NIH\n<!-- source-allowlist:end -->\n"
    )
    assert parse_allowed_domains(text) == frozenset({"nhs.uk", "nih.gov"})


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("no markers at all", "markers"),
        ("<!-- source-allowlist:start -->\n<!-- source-allowlist:end -->", "empty"),
        ("<!-- source-allowlist:start -->\nnhs.uk\n<!-- source-allowlist:end -->", "not '- domain"),
        ("<!-- source-allowlist:start -->\n- https://nhs.uk\n<!-- source-allowlist:end -->", "not '- domain"),
    ],
)
def test_a_broken_allow_list_is_a_content_error(text: str, words: str) -> None:
    with pytest.raises(ContentError, match=words):
        parse_allowed_domains(text)


def test_the_loader_refuses_an_off_list_faq_source_at_start(small_content: Path) -> None:
    entry = small_content / "faq" / "first_entry.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("https://www.nhs.uk/", "https://www.doctoori.net/"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"first_entry\.md.*doctoori\.net.*allow-list"):
        load_faq(small_content)


def test_the_loader_refuses_an_off_list_red_flag_source_at_start(tmp_path: Path) -> None:
    rules = (default_content_dir() / "red_flags.yaml").read_text(encoding="utf-8")
    first_url = _urls(yaml.safe_load(rules))[0]
    shutil.copy(default_content_dir() / "topics.yaml", tmp_path / "topics.yaml")
    (tmp_path / "red_flags.yaml").write_text(
        rules.replace(first_url, "https://staging.medscape.com/answers/1", 1), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"staging\.medscape\.com.*allow-list"):
        load_triage_rules(tmp_path)
