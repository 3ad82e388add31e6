"""The relief step of /log offers the person's own as-needed medicines by name; a chosen one becomes
a dose at the episode's time, linked to it, once the entry is saved (not before). "Relax
(breathing)" is a relief of its own and brings the guided breathing routine after the save."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import to_utc_text
from bot.episodes import flow
from bot.episodes.export import episode_to_json, episodes_to_csv
from bot.episodes.flow import FlowError, FlowState, Moment
from bot.episodes.model import EpisodeDraft
from bot.episodes.vocabulary import Region, Relief
from tests.harness import BotHarness, button_data, buttons, texts

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


async def _to_relief(harness: BotHarness, user: int) -> list[tuple[str, str]]:
    """/log → calf → 6 → review → Relief: the relief screen's buttons."""
    out = await harness.send("/log", user)
    out = await harness.press(button_data(out, "Calf"), user)
    out = await harness.press(button_data(out, "6"), user)
    out = await harness.press(button_data(out, "Relief"), user)
    assert "What did you try for relief?" in texts(out)[-1]
    return buttons(out)


async def _doses(harness: BotHarness, user: int) -> list[dict[str, object]]:
    services = harness.app.bot_data["services"]
    rows = await services.db.fetch_all(
        "SELECT medicine_id, status, taken_at_utc, episode_id FROM doses WHERE user_id = ?", (user,)
    )
    return [dict(row) for row in rows]


async def test_own_as_needed_medicines_by_name_and_a_dose_linked_after_save(harness: BotHarness) -> None:
    user = 41
    harness.clock.set(NOW)
    await harness.send("/timezone Europe/London", user)
    await harness.send("/meds add ibuprofen as needed", user)
    await harness.send("/meds add baclofen 08:00 20:00", user)  # scheduled, not as needed: not offered
    relief = await _to_relief(harness, user)
    labels = [label for label, _data in relief]
    assert "💊 ibuprofen" in labels
    assert not any("baclofen" in label for label in labels)
    assert "as-needed medication" not in labels  # the generic one gives way to their own
    assert "🫁 Relax (breathing)" in labels
    ibuprofen = next(data for label, data in relief if "ibuprofen" in label)
    assert "expired" in str(await harness.press(ibuprofen, user + 1))  # someone else pressing it
    chosen = await harness.press(ibuprofen, user)
    assert "✓ 💊 ibuprofen" in [label for label, _ in buttons(chosen)]
    assert await _doses(harness, user) == []  # nothing recorded before the save
    out = await harness.press(button_data(chosen, "Done"), user)
    out = await harness.press(button_data(out, "Partly"), user)
    saved = await harness.press(button_data(out, "Save"), user)
    assert "Saved" in str(saved)
    services = harness.app.bot_data["services"]
    episode = await services.episodes.latest(user)
    assert Relief.AS_NEEDED_MEDICATION in episode.relief
    doses = await _doses(harness, user)
    assert len(doses) == 1
    assert doses[0]["episode_id"] == episode.id and doses[0]["status"] == "taken"
    assert doses[0]["taken_at_utc"] == to_utc_text(episode.started_at_utc)  # at the episode's time
    stats = texts(await harness.send("/stats month", user))[0]
    assert "ibuprofen during an episode: relief helped 0, partly 1" in stats, stats


async def test_without_as_needed_medicines_the_generic_choice_stays(harness: BotHarness) -> None:
    labels = [label for label, _data in await _to_relief(harness, 42)]
    assert "as-needed medication" in labels
    assert not any(label.startswith("💊") for label in labels)


async def test_a_cancelled_entry_records_no_dose(harness: BotHarness) -> None:
    user = 43
    await harness.send("/meds add ibuprofen as needed", user)
    relief = await _to_relief(harness, user)
    out = await harness.press(next(d for label, d in relief if "ibuprofen" in label), user)
    out = await harness.press(button_data(out, "Done"), user)
    out = await harness.press(button_data(out, "Skip"), user)
    assert "Not saved" in str(await harness.press(button_data(out, "Cancel"), user))
    assert await _doses(harness, user) == []


async def test_relax_is_stored_and_the_breathing_routine_is_offered(harness: BotHarness) -> None:
    user = 44
    relief = await _to_relief(harness, user)
    out = await harness.press(next(d for label, d in relief if "Relax" in label), user)
    out = await harness.press(button_data(out, "Done"), user)
    out = await harness.press(button_data(out, "Helped"), user)
    saved = await harness.press(button_data(out, "Save"), user)
    assert "breathing routine" in texts(saved)[-1]
    start = button_data(saved, "breathing routine")
    services = harness.app.bot_data["services"]
    episode = await services.episodes.latest(user)
    assert episode.relief == (Relief.RELAXATION,)
    assert "relaxation" in texts(saved)[0]  # the read-back
    assert b"relaxation" in episodes_to_csv([episode])
    assert episode_to_json(episode)["relief"] == ["relaxation"]
    stats = texts(await harness.send("/stats month", user))[0]
    assert "relaxation / breathing helped 1 of 1 time" in stats, stats
    routine = await harness.press(start, user)
    assert routine, "the breathing button answers"


def _state(**kw: object) -> FlowState:
    draft = EpisodeDraft(started_at=NOW, region=Region.CALF, intensity=5, relief=[Relief.HEAT])
    return FlowState(draft=draft, screen="relief", **kw)  # type: ignore[arg-type]


def test_choosing_a_medicine_is_a_relief_and_nothing_clears_it() -> None:
    moment = Moment(NOW, flow.ZoneInfo("UTC"), NOW.time(), NOW.time())
    state = _state(offered=((7, "ibuprofen"),))
    chosen = flow.step(state, "med", "7", moment)
    assert chosen.took == (7,)
    assert chosen.draft.relief == [Relief.HEAT, Relief.AS_NEEDED_MEDICATION]
    again = flow.step(chosen, "med", "7", moment)
    assert again.took == () and again.draft.relief == [Relief.HEAT]
    nothing = flow.step(chosen, "rel", "nothing", moment)
    assert nothing.took == () and nothing.draft.relief == [Relief.NOTHING]
    for forged in ("8", "x", ""):
        try:
            flow.step(state, "med", forged, moment)
        except FlowError:
            continue
        raise AssertionError(f"{forged!r} was accepted")


def test_flow_state_round_trips_the_medicines_and_old_states_still_load() -> None:
    state = _state(offered=((7, "ibuprofen"),), took=(7,))
    loaded = FlowState.from_json(state.to_json())
    assert loaded is not None and loaded.offered == ((7, "ibuprofen"),) and loaded.took == (7,)
    old = state.to_json()
    del old["offered"], old["took"]  # written before these fields existed
    older = FlowState.from_json(old)
    assert older is not None and older.took == () and older.offered == ()


async def test_a_dose_chosen_for_the_same_episode_is_linked_to_the_saved_one(harness: BotHarness) -> None:
    """Logged again minutes later and answered "same episode": the entry is updated, not doubled, and
    the medicine chosen on the second telling still becomes a dose, linked to the one entry."""
    user = 45
    harness.clock.set(NOW)
    await harness.send("/timezone Europe/London", user)
    await harness.send("/meds add ibuprofen as needed", user)
    first = await harness.send("calf 5/10", user)
    assert "Saved" in str(first)
    relief = await _to_relief(harness, user)
    chosen = await harness.press(next(d for label, d in relief if "ibuprofen" in label), user)
    out = await harness.press(button_data(chosen, "Done"), user)
    out = await harness.press(button_data(out, "Helped"), user)
    asked = await harness.press(button_data(out, "Save"), user)
    same = await harness.press(button_data(asked, "Same episode"), user)
    assert "Saved" in str(same) or "Updated" in str(same), texts(same)
    services = harness.app.bot_data["services"]
    episodes = await services.episodes.all_for_user(user)
    assert len(episodes) == 1
    doses = await _doses(harness, user)
    assert [d["episode_id"] for d in doses] == [episodes[0].id]
