"""/took soon after a logged episode links the dose to it; /stats then tells how relief went with
each medicine, and compares the weeks before and after a medicine change, with the caveat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.plan.summary import dose_is_relief_for
from tests.harness import BotHarness, texts


def test_a_dose_belongs_to_an_episode_only_soon_after_it_began() -> None:
    began = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
    assert dose_is_relief_for(began + timedelta(minutes=20), began)
    assert not dose_is_relief_for(began - timedelta(minutes=5), began)
    assert not dose_is_relief_for(began + timedelta(hours=7), began)


async def test_relief_per_medicine_and_before_after_in_stats(harness: BotHarness) -> None:
    user = 31
    harness.clock.set(datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    await harness.send("/timezone Europe/London", user)
    await harness.send("left calf 8/10 5 min", user)  # before the medicine
    await harness.send("/meds add ibuprofen as needed", user)
    harness.clock.set(datetime(2026, 11, 10, 12, 0, tzinfo=UTC))
    assert "Saved" in texts(await harness.send("left calf 4/10 2 min", user))[-1]
    harness.clock.set(datetime(2026, 11, 10, 12, 20, tzinfo=UTC))
    took = texts(await harness.send("/took ibuprofen", user))[-1]
    assert "for the episode you logged" in took
    services = harness.app.bot_data["services"]
    latest = await services.episodes.latest(user)
    await services.db.execute("UPDATE episodes SET relief_helped = 'partly' WHERE id = ?", (latest.id,))
    stats = texts(await harness.send("/stats month", user))[0]
    assert "ibuprofen during an episode: relief helped 0, partly 1, not 0 (of 1 you rated)" in stats, stats
    assert "Before and after: ibuprofen started on 01 Nov 2026" in stats
    assert "not what caused it" in stats
    harness.clock.set(datetime(2026, 11, 11, 12, 0, tzinfo=UTC))  # a day later: not this episode's relief
    assert "for the episode" not in texts(await harness.send("/took ibuprofen", user))[-1]
