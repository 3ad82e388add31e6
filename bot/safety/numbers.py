"""The emergency, urgent-advice and crisis numbers for a person's country, from a sourced table.

content/emergency_numbers.yaml is read and validated once at start; a country that is not in the
table (or a zone that names no single country) gets the fallback wording, never a guessed number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.faq.loader import parse_sources, read_yaml, require_str
from bot.faq.model import ContentError
from bot.faq.sources import ANY_DOMAIN
from bot.safety.countries import country_names, country_of_zone
from bot.safety.model import CountryNumbers, Line

_CODE = re.compile(r"^[A-Z]{2}$")
_DIALLED = re.compile(r"\d")
_COUNTRY_KEYS = {"emergency", "urgent", "crisis", "sources"}


@dataclass(frozen=True, slots=True)
class NumberBook:
    countries: dict[str, CountryNumbers]
    fallback: CountryNumbers
    helpline_finder: str
    reviewed: date

    def for_country(self, country: str | None) -> CountryNumbers:
        return self.countries.get(country or "", self.fallback)

    def for_zone(self, zone: str | None) -> CountryNumbers:
        return self.for_country(country_of_zone(zone))


def load_numbers(content_dir: Path) -> NumberBook:
    path = content_dir / "emergency_numbers.yaml"
    name = path.name
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a mapping with reviewed, fallback and countries")
    reviewed = data.get("reviewed")
    if not isinstance(reviewed, date):
        raise ContentError(f"{name}: 'reviewed' must be an ISO date (YYYY-MM-DD)")
    raw_fallback = data.get("fallback")
    if not isinstance(raw_fallback, dict):
        raise ContentError(f"{name}: 'fallback' must be a mapping")
    finder = require_str(raw_fallback, "helpline_finder", f"{name}: fallback")
    if not finder.startswith("https://"):
        raise ContentError(f"{name}: fallback helpline_finder must be an https address")
    fallback = CountryNumbers(
        country="",
        name="",
        emergency=require_str(raw_fallback, "emergency", f"{name}: fallback"),
        urgent=None,
        crisis=None,
        sources=parse_sources(raw_fallback.get("sources"), f"{name}: fallback", ANY_DOMAIN),
    )
    raw_countries = data.get("countries")
    if not isinstance(raw_countries, dict) or not raw_countries:
        raise ContentError(f"{name}: 'countries' must be a non-empty mapping of ISO codes")
    names = country_names()
    countries = {
        code: _parse_country(code, raw, f"{name}: {code}", names) for code, raw in raw_countries.items()
    }
    return NumberBook(countries=countries, fallback=fallback, helpline_finder=finder, reviewed=reviewed)


def _parse_country(code: Any, raw: Any, where: str, names: dict[str, str]) -> CountryNumbers:
    if not isinstance(code, str) or not _CODE.match(code) or code not in names:
        raise ContentError(f"{where}: not an ISO 3166 country code known to tzdata")
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping")
    unknown = sorted(set(raw) - _COUNTRY_KEYS)
    if unknown:
        raise ContentError(f"{where}: unknown field '{unknown[0]}'")
    emergency = _number_text(raw.get("emergency"), f"{where}: emergency")
    return CountryNumbers(
        country=code,
        name=names[code],
        emergency=emergency,
        urgent=_line(raw.get("urgent"), f"{where}: urgent"),
        crisis=_line(raw.get("crisis"), f"{where}: crisis"),
        sources=_https_sources(raw.get("sources"), where),
    )


def _line(raw: Any, where: str) -> Line | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"name", "number"}:
        raise ContentError(f"{where}: expected a mapping with name and number")
    return Line(name=require_str(raw, "name", where), number=_number_text(raw.get("number"), where))


def _number_text(value: Any, where: str) -> str:
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not text or not _DIALLED.search(text):
        raise ContentError(f'{where}: must be a number to dial (write it in quotes, e.g. "911")')
    return text


def _https_sources(value: Any, where: str) -> tuple[Any, ...]:
    sources = parse_sources(value, where, ANY_DOMAIN)
    for source in sources:
        if not source.url.startswith("https://"):
            raise ContentError(f"{where}: source '{source.url}' must be https")
    return sources
