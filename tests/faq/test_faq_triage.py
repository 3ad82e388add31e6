"""Red-flag triage: recall and false alarms on the labelled set, negation, general questions, loader errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.faq_eval import evaluate_red_flags, load_question_cases, load_red_flag_cases
from bot.faq import ContentError, render_red_flag
from bot.faq.triage import RedFlagRules, load_red_flags


def test_case_file_is_big_enough() -> None:
    cases = load_red_flag_cases()
    assert sum(case.tier is not None for case in cases) >= 40
    assert sum(case.tier is None for case in cases) >= 60


def test_recall_and_false_alarm_targets(rules: RedFlagRules) -> None:
    report = evaluate_red_flags(rules, load_red_flag_cases(), ordinary=[])
    assert report.missed == [], "every red-flag case must trigger"
    assert report.recall == 1.0
    assert report.tier_accuracy >= 0.95, report.wrong_tier
    assert report.false_alarm_rate <= 0.05, report.false_alarms


def test_faq_questions_rarely_trigger(rules: RedFlagRules) -> None:
    questions = [case.question for case in load_question_cases()]
    report = evaluate_red_flags(rules, load_red_flag_cases(), ordinary=questions)
    assert report.false_alarm_rate <= 0.05, report.false_alarms


@pytest.mark.parametrize(
    ("alarming", "negated"),
    [
        ("I have chest pain", "no chest pain, just a stiff back"),
        ("my calf is swollen and red", "my calf is not swollen or red"),
        ("I have trouble breathing", "I don't have trouble breathing"),
        ("having difficulty swallowing", "no difficulty swallowing"),
        ("calf is swollen after the cramp", "calf cramp but there is no swelling"),
        ("severe muscle pain and dark urine", "muscle pain but my urine is not dark"),
        ("my arm suddenly went weak", "no sudden weakness, just cramps"),
        ("cramp for 20 minutes and it won't stop", "cramp for 20 minutes last night, gone now"),
    ],
)
def test_negation_silences_only_the_negated_symptom(rules: RedFlagRules, alarming: str, negated: str) -> None:
    assert rules.check(alarming) is not None
    assert rules.check(negated) is None


def test_negation_does_not_reach_across_clauses(rules: RedFlagRules) -> None:
    flag = rules.check("no chest pain but I can't breathe")
    assert flag is not None and flag.id == "breathing_swallowing"
    flag = rules.check("I can't walk and my calf is swollen")
    assert flag is not None and flag.id == "swollen_calf"


@pytest.mark.parametrize(
    ("question", "report"),
    [
        ("is chest pain a sign of the MS hug?", "I have chest pain, is it a sign of the MS hug?"),
        ("what is a DVT?", "I think I have a DVT, my calf is swollen"),
        (
            "can baclofen withdrawal be dangerous?",
            "I stopped baclofen and now I have a fever and feel confused",
        ),
        ("what are the signs of tetanus?", "stepped on a rusty nail and now my jaw is locked"),
    ],
)
def test_general_questions_inform_personal_reports_alarm(
    rules: RedFlagRules, question: str, report: str
) -> None:
    assert rules.check(question) is None
    flag = rules.check(report)
    assert flag is not None and flag.tier == "emergency"


def test_most_urgent_rule_wins(rules: RedFlagRules) -> None:
    # mentions a new medicine (same day) and dark urine with muscle pain (emergency)
    flag = rules.check("since I started a new statin my muscles ache badly and my urine is dark")
    assert flag is not None
    assert flag.tier == "emergency"
    assert flag.id == "dark_urine"


def test_emergency_messages_send_people_to_emergency_care(rules: RedFlagRules) -> None:
    emergency = [flag for flag in rules.flags if flag.tier == "emergency"]
    assert len(emergency) >= 8
    for flag in emergency:
        for number in ("112", "999", "911"):
            assert number in flag.message, flag.id
        assert "emergency department" in flag.message, flag.id
    for flag in rules.flags:
        assert flag.sources and all(source.url.startswith(("http://", "https://")) for source in flag.sources)


def test_render_includes_message_and_sources(rules: RedFlagRules) -> None:
    flag = rules.flags[0]
    text = render_red_flag(flag)
    assert text.startswith(flag.message)
    for source in flag.sources:
        assert source.url in text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_check_never_raises(rules: RedFlagRules, text: str) -> None:
    flag = rules.check(text)
    assert flag is None or flag.tier in ("emergency", "same_day")


def test_very_long_message_is_checked_quickly(rules: RedFlagRules) -> None:
    flag = rules.check("my calf is swollen and red. " + "blah " * 50_000)
    assert flag is not None and flag.id == "swollen_calf"


def _break(content: Path, old: str, new: str) -> None:
    path = content / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in red_flags.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("tier: emergency", "tier: whenever", "tier"),
        ("- id: chest_pain", "- id: breathing_swallowing", "duplicate"),
        ("          - '\\bchoking\\b", "          - '(unclosed", "does not compile"),
        ("<swollen><gap><leg>", "<swollen><gap><limb>", "placeholder"),
        ("Call your local emergency number now (112 in Europe", "Call someone (in Europe", "112"),
        ("    sources:\n      - name: NHS – Baclofen", "    sauces:\n      - name: NHS – Baclofen", "sauces"),
        (
            "    triggers:\n      - any:\n          - '\\b(?:cant",
            "    triggers:\n      - maybe:\n          - '\\b(?:cant",
            "any",
        ),
        ("  window: 4", "  window: four", "window"),
    ],
)
def test_broken_red_flag_file_raises(small_content: Path, old: str, new: str, words: str) -> None:
    _break(small_content, old, new)
    with pytest.raises(ContentError) as caught:
        load_red_flags(small_content)
    message = str(caught.value)
    assert "red_flags.yaml" in message
    assert words.lower() in message.lower()
    assert "\n" not in message
