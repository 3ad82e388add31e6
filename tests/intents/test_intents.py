"""The intent rules on the labelled set (tests/intents/data/intents.tsv) and on the typed answers."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.episodes.flow import Moment
from bot.episodes.model import EpisodeDraft
from bot.episodes.vocabulary import Region, Side
from bot.intents import IntentKind, classify, could_be_a_place
from bot.intents.answers import read_answer
from bot.intents.evaluate import evaluate, read_labelled
from bot.intents.remind_text import reminder_args

LABELLED = Path(__file__).parent / "data" / "intents.tsv"
ROWS = read_labelled(LABELLED)


def test_the_labelled_set_is_big_and_covers_every_intent() -> None:
    assert len(ROWS) >= 300
    labels = {label for label, _text in ROWS}
    assert labels == {k.value for k in IntentKind} | {"medicine"}


def test_accuracy_is_at_least_95_percent_with_no_harmful_mistakes() -> None:
    score = evaluate(ROWS)
    assert score.correct >= 0.95 * score.total, score.misses
    # an episode line sent to the FAQ loses an entry; a question stored as an episode is a wrong fact
    assert score.count("episode", "question") + score.count("episode", "medicine") == 0, score.misses
    questions_as_episodes = sum(score.count(label, "episode") for label in ("question", "medicine"))
    assert questions_as_episodes == 0, score.misses
    # medicine questions always get the pharmacist first
    assert score.count("medicine", "medicine") == sum(1 for label, _t in ROWS if label == "medicine")


def test_held_out_lines_make_no_harmful_mistakes() -> None:
    score = evaluate(read_labelled(LABELLED.with_name("intents_heldout.tsv")))
    assert score.total >= 50 and score.correct >= 0.9 * score.total, score.misses
    assert score.count("episode", "question") == 0
    assert score.count("question", "episode") + score.count("medicine", "episode") == 0


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("remind me at 22:30 to write down my night spasms", "night 22:30"),
        ("remind me to drink water every 2 hours from 9 to 9", "hydration every 2h 9-9"),
        ("remind me to stretch at 8am and 8pm", "stretch 8am 8pm"),
        ("turn off the water reminders", "off hydration"),
        ("pause reminders for 3 days", "pause 3d"),
        ("remind me to take a walk at 5pm", None),  # no reminder of that kind: the examples instead
    ],
)
def test_reminders_in_words(text: str, args: str | None) -> None:
    intent = classify(text)
    assert intent.kind is IntentKind.REMINDER
    assert intent.remind_args == args
    assert reminder_args(text.lower()) == args


def test_mid_cramp_question_is_looked_up_as_first_aid() -> None:
    assert classify("HOW DO I MAKE IT STOP").ask_as is not None
    assert classify("why do i get cramps").ask_as is None


@pytest.mark.parametrize("text", ["Mumbai", "new york", "Europe/Berlin", "Sydney, Australia"])
def test_places(text: str) -> None:
    assert could_be_a_place(text)


@pytest.mark.parametrize("text", ["how do i stop a cramp", "left calf 7/10 2 min", "thank you dear", "help"])
def test_not_places(text: str) -> None:
    assert not could_be_a_place(text)


MOMENT = Moment(datetime(2026, 11, 21, 12, 0, tzinfo=UTC), ZoneInfo("Europe/Madrid"), time(22), time(7))
CALF = EpisodeDraft(started_at=MOMENT.now, region=Region.CALF, side=Side.RIGHT)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("7", "intensity", 7),
        ("SEVEN", "intensity", 7),
        ("7/10", "intensity", 7),
        ("about six", "intensity", 6),
        ("THE LEFT ONE", "side", Side.LEFT),
        ("both", "side", Side.BOTH),
        ("2 min", "duration_seconds", 120),
        ("still going", "ongoing", True),
    ],
)
def test_typed_answers_fill_the_question(text: str, field: str, value: object) -> None:
    answer = read_answer(CALF, "intensity", text, MOMENT)
    assert answer is not None and getattr(answer.draft, field) == value
    assert answer.draft.region is Region.CALF  # nothing already chosen is lost


def test_a_typed_time_moves_the_start() -> None:
    answer = read_answer(CALF, "when", "about 3am", MOMENT)
    assert answer is not None
    assert answer.draft.started_at is not None and answer.draft.started_at.hour == 3
    assert answer.draft.side is Side.RIGHT


@pytest.mark.parametrize(
    "text", ["how do i stop a cramp", "remind me at 9pm to stretch", "what can you do", "left thigh 5/10"]
)
def test_other_lines_are_not_answers(text: str) -> None:
    assert read_answer(CALF, "intensity", text, MOMENT) is None


def test_yes_saves_on_review_and_is_asked_again_elsewhere() -> None:
    on_review = read_answer(CALF, "review", "yes please", MOMENT)
    assert on_review is not None and on_review.save
    elsewhere = read_answer(CALF, "intensity", "yes please", MOMENT)
    assert elsewhere is not None and elsewhere.yes_no and not elsewhere.save
