"""The /log flow's state machine as pure functions: one tap in, the new state out; no Telegram."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.episodes import flow
from bot.episodes.flow import FlowError, FlowState, Moment
from bot.episodes.model import EpisodeDraft
from bot.episodes.vocabulary import Region, Relief, Side

BERLIN = ZoneInfo("Europe/Berlin")
MOMENT = Moment(datetime(2026, 11, 21, 12, 0, tzinfo=UTC), BERLIN, time(22, 0), time(7, 0))


def _new() -> FlowState:
    return flow.new_flow(EpisodeDraft(started_at=MOMENT.now.astimezone(BERLIN)))


def test_three_taps_reach_review_with_region_and_strength() -> None:
    state = _new()
    assert state.screen == "region"
    state = flow.step(state, "reg", "calf", MOMENT)
    assert (state.screen, state.draft.region) == ("intensity", Region.CALF)
    state = flow.step(state, "int", "7", MOMENT)
    assert (state.screen, state.draft.intensity) == ("review", 7)
    assert not state.draft.missing_required()


def test_a_step_does_not_change_the_state_it_was_given() -> None:
    state = _new()
    after = flow.step(state, "reg", "calf", MOMENT)
    assert state.draft.region is None and state.screen == "region"
    assert after.flow == state.flow


def test_toggles_stay_on_their_screen() -> None:
    state = flow.step(flow.step(_new(), "reg", "calf", MOMENT), "side", "left", MOMENT)
    assert (state.screen, state.draft.side) == ("intensity", Side.LEFT)
    state = flow.step(state, "side", "left", MOMENT)
    assert state.draft.side is None


def test_nothing_tried_for_relief_skips_did_it_help() -> None:
    state = flow.step(_new(), "rel", "nothing", MOMENT)
    assert state.draft.relief == [Relief.NOTHING]
    assert flow.step(state, "reldone", "", MOMENT).screen == "review"
    state = flow.step(flow.step(_new(), "rel", "stretching", MOMENT), "reldone", "", MOMENT)
    assert state.screen == "helped"


def test_last_night_sets_a_nocturnal_start() -> None:
    state = flow.step(_new(), "when", "night", MOMENT)
    assert state.draft.nocturnal is True
    assert state.draft.started_at is not None and state.draft.started_at < MOMENT.now


@pytest.mark.parametrize(
    ("action", "value"),
    [("go", "nowhere"), ("go", ""), ("int", "11"), ("int", "²"), ("reg", "tail"), ("zap", ""), ("dur", "7y")],
)
def test_forged_actions_are_refused_and_change_nothing(action: str, value: str) -> None:
    state = _new()
    with pytest.raises(FlowError):
        flow.step(state, action, value, MOMENT)
    assert state.screen == "region" and state.draft == EpisodeDraft(started_at=state.draft.started_at)


def test_state_round_trips_through_json_with_its_version() -> None:
    state = flow.step(flow.step(_new(), "reg", "calf", MOMENT), "int", "4", MOMENT)
    state.message_id, state.editing = 42, 7
    data = state.to_json()
    assert data["version"] == flow.FLOW_STATE_VERSION
    assert FlowState.from_json(data) == state


def test_unreadable_or_other_version_states_are_gone() -> None:
    data = _new().to_json()
    assert FlowState.from_json({**data, "version": flow.FLOW_STATE_VERSION + 1}) is None
    assert FlowState.from_json({"flow": "abc"}) is None
    assert FlowState.from_json("nonsense") is None
    assert FlowState.from_json({**data, "screen": "forged"}).screen == "review"  # type: ignore[union-attr]


def test_state_saved_before_versions_existed_still_loads() -> None:
    data = _new().to_json()
    del data["version"]
    assert FlowState.from_json(data) is not None


def test_typed_trigger_keeps_the_documented_120_characters() -> None:
    assert flow.typed_trigger("x" * 300) == "x" * 120
    assert flow.typed_trigger("  after   a   long walk ") == "after a long walk"
