"""Editorial rules for the curated entries that the loader does not enforce."""

from __future__ import annotations

import re

import pytest

from bot.faq import FaqLibrary, render_entry, render_entry_sources

# A dose is a number with a unit; answers must never contain one.
DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ug|g|ml|milligrams?|micrograms?|units?|iu)\b", re.IGNORECASE
)

REQUIRED_ENTRIES = [
    # what the words mean
    "what_is_a_cramp", "what_is_a_spasm", "what_is_spasticity", "what_is_clonus",
    "cramp_spasm_spasticity_differences",
    # causes
    "causes_of_cramps", "medicines_that_cause_cramps", "statins_and_cramps", "cramps_in_pregnancy", "who_gets_cramps",
    # MS
    "ms_spasticity_cause", "ms_spasm_types", "ms_hug", "ms_spasticity_triggers", "uti_and_spasms",
    "heat_cold_and_ms", "physiotherapy_for_spasticity",
    # EDS / HSD
    "eds_hsd_cramps", "stretching_when_hypermobile",
    # first aid and prevention
    "calf_cramp_first_aid", "hamstring_cramp_first_aid", "front_thigh_cramp_first_aid", "foot_cramp_first_aid",
    "stretching_to_prevent_cramps", "warm_up_and_exercise", "hydration_and_cramps", "overdrinking_danger",
    # night cramps
    "night_cramps_overview", "restless_legs_and_lookalikes", "quinine_for_cramps", "magnesium_for_cramps",
    # medicines
    "baclofen", "baclofen_withdrawal", "tizanidine", "gabapentin", "dantrolene", "benzodiazepines",
    "botulinum_toxin", "nabiximols",
    # help, diary, the bot, red-flag safety entries
    "when_to_see_a_doctor", "spasm_diary", "prepare_for_appointment", "about_this_bot",
    "urgent_breathing_swallowing", "urgent_chest_pain", "urgent_swollen_calf", "urgent_tetanus",
    "urgent_long_cramp", "urgent_dark_urine", "urgent_sudden_weakness",
]  # fmt: skip


@pytest.mark.parametrize("entry_id", REQUIRED_ENTRIES)
def test_required_subject_is_covered(library: FaqLibrary, entry_id: str) -> None:
    assert entry_id in library.entries


def test_answers_fit_one_short_message(library: FaqLibrary) -> None:
    too_short_or_long = {
        entry.id: len(entry.answer)
        for entry in library.entries.values()
        if not 400 <= len(entry.answer) <= 900
    }
    assert too_short_or_long == {}


def test_answers_contain_no_doses(library: FaqLibrary) -> None:
    with_doses = {entry.id: DOSE.findall(entry.answer) for entry in library.entries.values()}
    assert {entry_id: found for entry_id, found in with_doses.items() if found} == {}


def test_emergency_entries_send_people_to_emergency_care(library: FaqLibrary) -> None:
    for entry in library.entries.values():
        if entry.id.startswith("urgent_") or entry.id == "baclofen_withdrawal":
            assert "112" in entry.answer and "911" in entry.answer, entry.id


def test_entries_link_to_each_other_and_cite_distinct_sources(library: FaqLibrary) -> None:
    for entry in library.entries.values():
        assert entry.related, f"{entry.id} has no related entries"
        urls = [source.url for source in entry.sources]
        assert len(urls) == len(set(urls)), entry.id
        assert len(set(entry.questions)) == len(entry.questions), entry.id


def test_rendered_entries_fit_one_telegram_message(library: FaqLibrary) -> None:
    for entry in library.entries.values():
        text = render_entry(entry)
        assert len(text) <= 4096
        assert text.startswith(entry.title)
        assert entry.answer in text


def test_answers_name_their_sources_and_keep_the_links_for_the_sources_button(library: FaqLibrary) -> None:
    for entry in library.entries.values():
        answer, links = render_entry(entry), render_entry_sources(entry)
        assert all(source.name in answer for source in entry.sources), entry.id
        assert "http" not in answer.removeprefix(entry.title).replace(entry.answer, ""), entry.id
        assert all(f"{source.name}\n  {source.url}" in links for source in entry.sources), entry.id
        assert len(links) <= 4096


def test_answers_say_family_doctor_and_acetaminophen_for_readers_outside_the_uk(
    library: FaqLibrary,
) -> None:
    for entry in library.entries.values():
        if re.search(r"\bGPs?\b", entry.answer):
            assert "family doctor" in entry.answer, entry.id
        if "paracetamol" in entry.answer.lower():
            assert "acetaminophen" in entry.answer.lower(), entry.id
