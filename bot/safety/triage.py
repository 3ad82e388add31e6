"""Red-flag triage: the first check on every incoming text, before logging or FAQ matching.

The rules (patterns, negation cues, persistence phrases, what counts as a general question) are data
in content/red_flags.yaml; this module is only the engine. It errs on the side of alarming:
negation is honoured only close to the symptom, inside the same clause, and never when it
describes a symptom that persists ("can't stop cramping", "won't go away").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.faq.loader import parse_sources, read_yaml, require_str
from bot.faq.model import ContentError
from bot.lang.normalise import normalise
from bot.safety.model import TIER_ORDER, RedFlag

logger = logging.getLogger(__name__)

MAX_CHECKED_CHARS = 5000  # longer messages are checked on their start; keeps the check fast
_PLACEHOLDER = re.compile(r"<([a-z_]+)>")
_GAP = "gap"
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_WORD = re.compile(r"\w+")
# Numbers come from the person's country (content/emergency_numbers.yaml), never from a rule.
_PHONE_NUMBER = re.compile(r"\b\d{3}\b")
_RULE_KEYS = {"id", "tier", "message", "sources", "triggers", "unless"}

Trigger = tuple[tuple[re.Pattern[str], ...], ...]  # groups; each group holds alternative patterns


@dataclass(frozen=True)
class _Negation:
    window: int
    cues: frozenset[str]
    # blanked before cues are looked for: "not sure", and persistence such as "cant stop", "wont go away"
    blanked: tuple[re.Pattern[str], ...]
    clause_breaks: re.Pattern[str]


@dataclass(frozen=True)
class _Informational:
    starts: re.Pattern[str]
    personal_words: frozenset[str]
    present_words: tuple[str, ...]


@dataclass(frozen=True)
class _Rule:
    flag: RedFlag
    triggers: tuple[Trigger, ...]
    unless: tuple[re.Pattern[str], ...]


def normalise_for_triage(text: str) -> str:
    """Lower-case, apostrophes removed (can't -> cant), whitespace collapsed; punctuation kept."""
    return normalise(text, head=MAX_CHECKED_CHARS, apostrophes="drop")


class TriageRules:
    def __init__(self, rules: Sequence[_Rule], negation: _Negation, informational: _Informational) -> None:
        # stable sort: within a tier, file order decides (combined signs come before single ones)
        self._rules = sorted(rules, key=lambda rule: TIER_ORDER[rule.flag.tier])
        self._negation = negation
        self._informational = informational

    @property
    def flags(self) -> list[RedFlag]:
        return [rule.flag for rule in self._rules]

    def flag(self, rule_id: str) -> RedFlag | None:
        return next((rule.flag for rule in self._rules if rule.flag.id == rule_id), None)

    def check(self, text: str) -> RedFlag | None:
        """The most urgent red flag the text reports, or None. Never raises."""
        try:
            normalised = normalise_for_triage(text)
            if not normalised:
                return None
            cue_text = self._cue_text(normalised)
            informational = self._is_informational(normalised)
            for rule in self._rules:
                # a general question is information, but thoughts of suicide are never "just a question"
                if informational and rule.flag.tier != "crisis":
                    continue
                if any(pattern.search(normalised) for pattern in rule.unless):
                    continue
                if any(self._fires(trigger, normalised, cue_text) for trigger in rule.triggers):
                    return rule.flag
            return None
        except Exception:  # a broken check must not take the bot down; the text itself is never logged
            logger.error("red-flag check failed", exc_info=True)
            return None

    def _cue_text(self, text: str) -> str:
        """The text with phrases that look negative but are not ("cant stop", "not sure") blanked
        out, same length so positions still line up with the original."""
        for pattern in self._negation.blanked:
            text = pattern.sub(lambda found: " " * len(found.group(0)), text)
        return text

    def _is_informational(self, text: str) -> bool:
        """A general question ("what is a DVT?") is not a report of a symptom."""
        info = self._informational
        if not info.starts.match(text):
            return False
        if any(word in info.personal_words for word in _WORD.findall(text)):
            return False
        return not any(phrase in text for phrase in info.present_words)

    def _fires(self, groups: Trigger, text: str, cue_text: str) -> bool:
        matches = [[found for pattern in group for found in pattern.finditer(text)] for group in groups]
        spans = [found.span() for group in matches for found in group]
        return all(
            any(not self._negated(cue_text, found, spans) for found in group_matches)
            for group_matches in matches
        )

    def _negated(self, cue_text: str, found: re.Match[str], spans: list[tuple[int, int]]) -> bool:
        negation = self._negation
        # words skipped by a <gap> inside the match: "calf is NOT swollen"
        for name, gap_text in found.groupdict().items():
            if name.startswith(_GAP) and gap_text:
                gap_start, gap_end = found.span(name)
                if self._has_cue(cue_text[gap_start:gap_end]):
                    return True
        start = found.start()
        clause_start = 0
        for boundary in negation.clause_breaks.finditer(cue_text, 0, start):
            clause_start = boundary.end()
        prefix = list(cue_text[clause_start:start])
        # cue words that belong to another matched phrase ("doesnt ease") do not negate this one
        for span_start, span_end in spans:
            for index in range(max(span_start, clause_start), min(span_end, start)):
                prefix[index - clause_start] = " "
        return self._has_cue("".join(prefix), last_words=negation.window)

    def _has_cue(self, fragment: str, last_words: int | None = None) -> bool:
        fragment_words = _WORD.findall(fragment)
        if last_words is not None:
            fragment_words = fragment_words[-last_words:]
        return any(word in self._negation.cues for word in fragment_words)


def load_triage_rules(content_dir: Path) -> TriageRules:
    path = content_dir / "red_flags.yaml"
    name = path.name
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a mapping with vocab, negation, informational and rules")
    vocab = _parse_vocab(data.get("vocab", {}), name)
    negation = _parse_negation(data.get("negation"), name, vocab)
    informational = _parse_informational(data.get("informational"), name)
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise ContentError(f"{name}: 'rules' must be a non-empty list")
    rules: list[_Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, f"{name}: rule #{index + 1}", vocab)
        if rule.flag.id in seen:
            raise ContentError(f"{name}: duplicate rule id '{rule.flag.id}'")
        seen.add(rule.flag.id)
        rules.append(rule)
    if not any(rule.flag.tier == "crisis" for rule in rules):
        raise ContentError(f"{name}: there must be at least one crisis rule")
    return TriageRules(rules, negation, informational)


def _parse_rule(raw: Any, where: str, vocab: dict[str, str]) -> _Rule:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping")
    rule_id = require_str(raw, "id", where)
    where = f"{where.split(':')[0]}: rule '{rule_id}'"
    if not _ID_RE.match(rule_id):
        raise ContentError(f"{where}: id is not snake_case")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise ContentError(f"{where}: unknown field '{unknown[0]}'")
    tier = require_str(raw, "tier", where)
    if tier not in TIER_ORDER:
        raise ContentError(f"{where}: tier must be one of {', '.join(TIER_ORDER)}, got '{tier}'")
    message = " ".join(require_str(raw, "message", where).split())
    if _PHONE_NUMBER.search(message):
        raise ContentError(
            f"{where}: the message names a phone number; numbers come from emergency_numbers.yaml"
        )
    raw_triggers = raw.get("triggers")
    if not isinstance(raw_triggers, list) or not raw_triggers:
        raise ContentError(f"{where}: 'triggers' must be a non-empty list")
    triggers = tuple(
        _parse_trigger(item, f"{where}: trigger #{number + 1}", vocab)
        for number, item in enumerate(raw_triggers)
    )
    unless = tuple(
        _compile(pattern, f"{where}: unless", vocab)
        for pattern in _pattern_list(raw.get("unless", []), where, allow_empty=True)
    )
    flag = RedFlag(id=rule_id, tier=tier, message=message, sources=parse_sources(raw.get("sources"), where))
    return _Rule(flag=flag, triggers=triggers, unless=unless)


def _parse_trigger(raw: Any, where: str, vocab: dict[str, str]) -> Trigger:
    if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in ("any", "all"):
        raise ContentError(f"{where}: must be a mapping with exactly one key, 'any' or 'all'")
    kind, value = next(iter(raw.items()))
    if kind == "any":
        groups: list[Any] = [value]
    else:
        if not isinstance(value, list) or not value:
            raise ContentError(f"{where}: 'all' must be a non-empty list of pattern lists")
        groups = value
    return tuple(
        tuple(_compile(pattern, where, vocab) for pattern in _pattern_list(group, where)) for group in groups
    )


def _pattern_list(value: Any, where: str, *, allow_empty: bool = False) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ContentError(f"{where}: expected a list of non-empty pattern strings")
    if not value and not allow_empty:
        raise ContentError(f"{where}: expected at least one pattern")
    return value


def _compile(pattern: str, where: str, vocab: dict[str, str]) -> re.Pattern[str]:
    gaps = 0

    def substitute(found: re.Match[str]) -> str:
        nonlocal gaps
        key = found.group(1)
        if key not in vocab:
            raise ContentError(f"{where}: unknown placeholder <{key}>")
        if key == _GAP:
            gaps += 1
            return f"(?P<{_GAP}{gaps}>{vocab[key]})"
        return vocab[key]

    expanded = _PLACEHOLDER.sub(substitute, pattern)
    try:
        return re.compile(expanded)
    except re.error as error:
        raise ContentError(f"{where}: pattern '{pattern}' does not compile ({error})") from error


def _parse_vocab(raw: Any, name: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise ContentError(f"{name}: 'vocab' must map names to regex fragments")
    for key, fragment in raw.items():
        if _PLACEHOLDER.search(fragment):
            raise ContentError(f"{name}: vocab '{key}' must not contain placeholders")
        try:
            re.compile(fragment)
        except re.error as error:
            raise ContentError(f"{name}: vocab '{key}' does not compile ({error})") from error
    return dict(raw)


def _parse_negation(raw: Any, name: str, vocab: dict[str, str]) -> _Negation:
    where = f"{name}: negation"
    if not isinstance(raw, dict):
        raise ContentError(
            f"{where}: expected a mapping with window, cues, pseudo, persistence, clause_breaks"
        )
    window = raw.get("window")
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        raise ContentError(f"{where}: 'window' must be a positive integer")
    persistence = tuple(
        _compile(pattern, f"{where} persistence", vocab)
        for pattern in _pattern_list(raw.get("persistence"), f"{where} persistence")
    )
    return _Negation(
        window=window,
        cues=frozenset(_word_list(raw.get("cues"), f"{where} cues")),
        blanked=(_alternation(_word_list(raw.get("pseudo", []), f"{where} pseudo")), *persistence),
        clause_breaks=_compile(require_str(raw, "clause_breaks", where), f"{where} clause_breaks", {}),
    )


def _parse_informational(raw: Any, name: str) -> _Informational:
    where = f"{name}: informational"
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping with question_starts, personal_words, present_words")
    starts = _word_list(raw.get("question_starts"), f"{where} question_starts")
    leads = "|".join(re.escape(lead) for lead in sorted(starts, key=len, reverse=True))
    return _Informational(
        # a lead followed by a negation ("can not breathe") is a report, not a question
        starts=re.compile(rf"^(?:{leads})\b(?!\s+(?:not|no|t)\b)"),
        personal_words=frozenset(_word_list(raw.get("personal_words"), f"{where} personal_words")),
        present_words=tuple(_word_list(raw.get("present_words", []), f"{where} present_words")),
    )


def _word_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: expected a non-empty list of words")
    words: list[str] = []
    for item in value:
        if not isinstance(item, str | int) or isinstance(item, bool) or not str(item).strip():
            raise ContentError(f"{where}: every item must be a non-empty word or phrase")
        words.append(str(item).strip().lower())
    return words


def _alternation(phrases: Iterable[str]) -> re.Pattern[str]:
    escaped = sorted((re.escape(phrase) for phrase in phrases), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(escaped)})\b") if escaped else re.compile(r"(?!x)x")
