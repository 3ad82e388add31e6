"""Red-flag triage on the labelled sets (counts asserted), negation and persistence, general
questions, escalation when signs combine, and loader errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.faq import ContentError
from bot.safety import TIER_ORDER, TriageRules, load_triage_rules
from tests.safety.cases import alarming_cases, calm_texts

MIN_ALARMING = 150
MIN_CALM = 150
MAX_FALSE_ALARM_RATE = 0.02


def test_the_labelled_sets_are_big_enough() -> None:
    cases = alarming_cases()
    assert len(cases) >= MIN_ALARMING
    assert len(calm_texts()) >= MIN_CALM
    assert {case.tier for case in cases} == set(TIER_ORDER)  # every tier is exercised
    assert sum(case.tier == "crisis" for case in cases) >= 20


def test_every_alarming_text_is_caught_in_its_tier(rules: TriageRules) -> None:
    missed, wrong = [], []
    for case in alarming_cases():
        flag = rules.check(case.text)
        if flag is None:
            missed.append(case.text)
        elif flag.tier != case.tier or (case.rule is not None and flag.id != case.rule):
            wrong.append(f"{case.text!r}: expected {case.tier}/{case.rule}, got {flag.tier}/{flag.id}")
    assert missed == [], "recall must be 100%"
    assert wrong == []


def test_ordinary_texts_stay_calm(rules: TriageRules) -> None:
    texts = calm_texts()
    alarms = [f"{text!r} -> {flag.id}" for text in texts if (flag := rules.check(text)) is not None]
    assert len(alarms) <= MAX_FALSE_ALARM_RATE * len(texts), alarms


def test_every_rule_is_exercised_by_the_alarming_set(rules: TriageRules) -> None:
    fired = {flag.id for case in alarming_cases() if (flag := rules.check(case.text)) is not None}
    assert {flag.id for flag in rules.flags} - fired == set()


@pytest.mark.parametrize(
    ("persisting", "rule_id"),
    [
        ("can't stop cramping, it's been 30 minutes", "long_cramp"),
        ("I cant get the cramp to stop, 40 minutes now", "long_cramp"),
        ("cramp for 20 minutes and it won't go away", "long_cramp"),
        ("calf cramp still going after 25 minutes", "long_cramp"),
        ("cramping 30 mins, nothing helps", "long_cramp"),
        ("my leg won't stop swelling and it's red", "swollen_calf"),
    ],
)
def test_persistence_is_not_negation(rules: TriageRules, persisting: str, rule_id: str) -> None:
    flag = rules.check(persisting)
    assert flag is not None and flag.id == rule_id


@pytest.mark.parametrize(
    ("alarming", "negated"),
    [
        ("I have chest pain", "no chest pain, just a stiff back"),
        ("my calf is swollen and red", "my calf is not swollen or red"),
        ("I have trouble breathing", "I don't have trouble breathing"),
        ("calf is swollen after the cramp", "calf cramp but there is no swelling"),
        ("severe muscle pain and dark urine", "muscle pain but my urine is not dark"),
        ("my arm suddenly went weak", "no sudden weakness, just cramps"),
        ("I want to die", "I don't want to die, I want the cramps to stop"),
        ("cramp for 20 minutes and it won't stop", "cramp for 20 minutes last night, gone now"),
    ],
)
def test_negation_silences_only_the_negated_symptom(rules: TriageRules, alarming: str, negated: str) -> None:
    assert rules.check(alarming) is not None
    assert rules.check(negated) is None


def test_negation_does_not_reach_across_clauses(rules: TriageRules) -> None:
    flag = rules.check("no chest pain but I can't breathe")
    assert flag is not None and flag.id == "breathing_swallowing"
    flag = rules.check("I can't walk and my calf is swollen")
    assert flag is not None and flag.id == "swollen_calf"


@pytest.mark.parametrize(
    ("alone", "combined"),
    [
        ("my calf is swollen", "my calf is swollen and I'm short of breath"),
        ("my leg is red and puffy", "my leg is red and puffy and I have chest pain"),
    ],
)
def test_signs_that_combine_escalate(rules: TriageRules, alone: str, combined: str) -> None:
    single, both = rules.check(alone), rules.check(combined)
    assert single is not None and single.tier == "urgent"
    assert both is not None and both.tier == "emergency" and both.id == "clot_in_lungs"


@pytest.mark.parametrize(
    ("question", "report"),
    [
        ("is chest pain a sign of the MS hug?", "I have chest pain, is it a sign of the MS hug?"),
        ("what is a DVT?", "I think I have a DVT, my calf is swollen and I'm breathless"),
        (
            "can baclofen withdrawal be dangerous?",
            "I stopped baclofen and now I have a fever and feel confused",
        ),
        ("what are the signs of tetanus?", "stepped on a rusty nail and now my jaw is locked"),
    ],
)
def test_general_questions_inform_personal_reports_alarm(
    rules: TriageRules, question: str, report: str
) -> None:
    assert rules.check(question) is None
    flag = rules.check(report)
    assert flag is not None and flag.tier == "emergency"


def test_a_crisis_is_never_treated_as_a_general_question(rules: TriageRules) -> None:
    flag = rules.check("is it normal to want to die with this much pain?")
    assert flag is not None and flag.tier == "crisis"


def test_the_most_urgent_rule_wins(rules: TriageRules) -> None:
    flag = rules.check("since I started a new statin my muscles ache badly and my urine is dark")
    assert flag is not None and flag.id == "dark_urine"
    flag = rules.check("I want to die, my chest hurts and my calf is swollen")
    assert flag is not None and flag.tier == "crisis"


def test_rules_have_sources_and_name_no_numbers(rules: TriageRules) -> None:
    for flag in rules.flags:
        assert flag.sources, flag.id
        assert all(source.url.startswith("https://") for source in flag.sources), flag.id
        assert not any(number in flag.message for number in ("112", "999", "911", "000", "111")), flag.id


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_check_never_raises(rules: TriageRules, text: str) -> None:
    flag = rules.check(text)
    assert flag is None or flag.tier in TIER_ORDER


def test_a_very_long_message_is_still_checked(rules: TriageRules) -> None:
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
        ("Trouble breathing or swallowing can mean", "Call 999: trouble breathing can mean", "phone number"),
        ("tier: crisis", "tier: emergency", "crisis rule"),
        ("  persistence:\n", "  persistance:\n", "persistence"),
        ("  window: 4", "  window: four", "window"),
    ],
)
def test_a_broken_rules_file_raises(safety_content: Path, old: str, new: str, words: str) -> None:
    _break(safety_content, old, new)
    with pytest.raises(ContentError) as caught:
        load_triage_rules(safety_content)
    message = str(caught.value)
    assert "red_flags.yaml" in message
    assert words.lower() in message.lower()
