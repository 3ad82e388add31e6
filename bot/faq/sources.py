"""The allow-list of source domains for medical content, kept in docs/CONTENT.md.

Clinicians review the list where writers read the rules, so the list lives in the doc, between two
marker comments, one domain per bullet. The loader checks every FAQ and red-flag source against it
at start-up: a blog, mirror or staging host never reaches a user as a "source".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from bot.faq.model import ContentError

START_MARK = "<!-- source-allowlist:start -->"
END_MARK = "<!-- source-allowlist:end -->"
_BULLET_RE = re.compile(r"^\s*[-*]\s+`?([a-z0-9.-]+)`?(?:\s|$)")
# An official domain still hosts copies nobody should cite: test and staging servers, APIs, widgets.
_NOT_A_PAGE_LABELS = frozenset({"staging", "stg", "uat", "dev", "test", "qa", "sandbox", "preview", "api"})
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def default_allowlist_path() -> Path:
    """docs/CONTENT.md in the repository (three levels above this file)."""
    return Path(__file__).resolve().parents[2] / "docs" / "CONTENT.md"


def parse_allowed_domains(text: str, name: str = "CONTENT.md") -> frozenset[str]:
    """The domains listed between the marker comments; a broken list is a ContentError."""
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start < 0 or end < start:
        raise ContentError(f"{name}: source allow-list markers {START_MARK} ... {END_MARK} not found")
    domains: set[str] = set()
    for line in text[start + len(START_MARK) : end].splitlines():
        if not line.strip():
            continue
        found = _BULLET_RE.match(line)
        domain = found.group(1) if found else ""
        if not _DOMAIN_RE.match(domain):
            raise ContentError(f"{name}: allow-list line is not '- domain ...': {line.strip()!r}")
        domains.add(domain)
    if not domains:
        raise ContentError(f"{name}: the source allow-list is empty")
    return frozenset(domains)


def load_allowed_domains(path: Path) -> frozenset[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(f"{path.name}: cannot read the source allow-list ({error})") from error
    return parse_allowed_domains(text, path.name)


@cache
def default_allowed_domains() -> frozenset[str]:
    return load_allowed_domains(default_allowlist_path())


ANY_DOMAIN: frozenset[str] = frozenset()  # for tables of phone lines: their operators' own sites


def source_problem(url: str, allowed: frozenset[str]) -> str | None:
    """Why this URL may not be cited, or None when it may: https, on a listed domain or its subdomain.

    `ANY_DOMAIN` skips the domain check (the rest still applies): the emergency-numbers table cites
    each line's operator or government, which the medical allow-list rightly does not name."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "is not a valid address"
    if parts.scheme != "https":
        return "must use https"
    if parts.username or parts.password or parts.port not in (None, 443):
        return "must not carry a user name, password or port"
    if allowed is not ANY_DOMAIN and not any(
        host == domain or host.endswith("." + domain) for domain in allowed
    ):
        return f"host '{host}' is not on the source allow-list in docs/CONTENT.md"
    if _NOT_A_PAGE_LABELS & set(host.split(".")) or "/widgets/" in parts.path:
        return f"'{host}' is a staging, API or widget address; cite the public page"
    return None
