"""Retrieval of FAQ entries for a free-text question.

BM25 (rank-bm25) scores three fields separately (title, questions, answer) and the weighted sum
ranks entries; rapidfuzz corrects typos against the index vocabulary and adds a small bonus for
phrasing close to one of an entry's example questions. A lay-word map (lexicon) and a light
stemmer bridge everyday language and the words the entries use.
"""

from __future__ import annotations

from dataclasses import dataclass

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.faq import lexicon
from bot.faq.model import FaqEntry, FaqLibrary, Match, MatchResult
from bot.faq.text import STOPWORDS, content_tokens, normalise, stem, words

TOP_N = 3


@dataclass(frozen=True)
class MatcherTuning:
    """Weights and thresholds, kept together so the evaluation script can report them."""

    title_weight: float = 0.6
    questions_weight: float = 1.0
    phrasing_weight: float = 0.5  # best single example question, so one close phrasing can win
    answer_weight: float = 0.35
    fuzzy_weight: float = 0.35  # bonus in units of the query's best BM25 score
    min_fuzzy: float = 55.0  # below this a question's similarity adds nothing
    confident_score: float = 4.0  # raw weighted BM25 the best entry must reach


class FaqMatcher:
    def __init__(self, library: FaqLibrary, tuning: MatcherTuning | None = None) -> None:
        self._tuning = tuning or MatcherTuning()
        self._entries: list[FaqEntry] = sorted(library.entries.values(), key=lambda entry: entry.id)
        self._title = BM25Okapi([_index_tokens(entry.title) for entry in self._entries])
        self._questions = BM25Okapi([_index_tokens(" ".join(entry.questions)) for entry in self._entries])
        self._answer = BM25Okapi([_index_tokens(entry.answer) for entry in self._entries])
        self._phrasings: list[str] = []
        self._phrasing_owner: list[int] = []
        for position, entry in enumerate(self._entries):
            for phrasing in (entry.title, *entry.questions):
                self._phrasings.append(normalise(phrasing))
                self._phrasing_owner.append(position)
        self._phrasing = BM25Okapi([_index_tokens(phrasing) for phrasing in self._phrasings])
        self._surface_words = sorted(
            {
                word
                for entry in self._entries
                for word in words(normalise(" ".join((entry.title, *entry.questions, entry.answer))))
                if word.isalpha() and word not in STOPWORDS
            }
        )
        self._known_stems = {stem(word) for word in self._surface_words}
        self._words_by_initial: dict[str, list[str]] = {}
        for word in self._surface_words:
            self._words_by_initial.setdefault(word[0], []).append(word)

    def match(self, question: str) -> MatchResult:
        original = normalise(question)
        text = self._correct_typos(original)
        # The lay-word map also sees the uncorrected words, so a misspelling it knows ("carf") is
        # not first "corrected" into some other word. Each idea counts once.
        query_tokens = list(
            dict.fromkeys(content_tokens(lexicon.expand(text)) + content_tokens(lexicon.expand(original)))
        )
        if not query_tokens:
            return MatchResult(best=[], confident=False)
        scores = self._bm25_scores(query_tokens)
        best_bm25 = max(scores)
        fuzzy = self._fuzzy_scores(text)
        tuning = self._tuning
        combined = [
            score + tuning.fuzzy_weight * max(best_bm25, 1.0) * bonus
            for score, bonus in zip(scores, fuzzy, strict=True)
        ]
        ranked = sorted(range(len(self._entries)), key=lambda index: combined[index], reverse=True)
        best = [
            Match(entry=self._entries[index], score=round(combined[index], 3))
            for index in ranked[:TOP_N]
            if combined[index] > 0
        ]
        return MatchResult(best=best, confident=bool(best) and self._is_confident(query_tokens, best_bm25))

    def _bm25_scores(self, tokens: list[str]) -> list[float]:
        tuning = self._tuning
        title = self._title.get_scores(tokens)
        questions = self._questions.get_scores(tokens)
        answer = self._answer.get_scores(tokens)
        best_phrasing = [0.0] * len(self._entries)
        for position, score in enumerate(self._phrasing.get_scores(tokens)):
            owner = self._phrasing_owner[position]
            best_phrasing[owner] = max(best_phrasing[owner], float(score))
        return [
            float(
                tuning.title_weight * t
                + tuning.questions_weight * q
                + tuning.phrasing_weight * p
                + tuning.answer_weight * a
            )
            for t, q, p, a in zip(title, questions, best_phrasing, answer, strict=True)
        ]

    def _fuzzy_scores(self, text: str) -> list[float]:
        """Per entry, how close the question is to its nearest example phrasing (0..1)."""
        bonus = [0.0] * len(self._entries)
        hits = process.extract(
            text,
            self._phrasings,
            scorer=fuzz.token_sort_ratio,
            limit=None,
            score_cutoff=self._tuning.min_fuzzy,
        )
        for _phrasing, similarity, position in hits:
            owner = self._phrasing_owner[position]
            value = (similarity - self._tuning.min_fuzzy) / (100.0 - self._tuning.min_fuzzy)
            bonus[owner] = max(bonus[owner], value)
        return bonus

    def _correct_typos(self, text: str) -> str:
        """Replace words the library does not know by the nearest known word (edit distance)."""
        return " ".join(self._nearest_known(word) for word in text.split())

    def _nearest_known(self, word: str) -> str:
        if len(word) < 4 or not word.isalpha() or word in STOPWORDS or stem(word) in self._known_stems:
            return word
        # Typos rarely hit the first letter, and short words get only a same-length fix, so
        # "carf" becomes "calf" but "spain" does not become "pain".
        same_start = self._words_by_initial.get(word[0], [])
        if len(word) < 6:
            candidates = [known for known in same_start if len(known) == len(word)]
            max_distance = 1
        else:
            candidates = same_start
            max_distance = 1 if len(word) < 9 else 2
        found = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=max_distance)
        return found[0] if found is not None else word

    def _is_confident(self, query_tokens: list[str], best_bm25: float) -> bool:
        """Sure enough to answer: a strong enough match on a question that is about our subject."""
        on_topic = any(token in _DOMAIN_STEMS for token in query_tokens)
        return on_topic and best_bm25 >= self._tuning.confident_score


_DOMAIN_STEMS = frozenset(stem(word) for word in lexicon.DOMAIN_WORDS)


def _index_tokens(text: str) -> list[str]:
    return content_tokens(lexicon.expand(normalise(text)))
