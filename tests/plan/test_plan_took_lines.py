"""A typed "took baclofen" is a dose: the intent router sends it to the dose recorder (capitals and
typos too), never to the FAQ or the diary; within a few hours of a logged episode it is linked to it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.intents import IntentKind, classify
from tests.harness import BotHarness, buttons, texts

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("took baclofen", "baclofen"),
        ("TOOK BACLOFN", "BACLOFN"),
        ("just took my ibuprofen", "ibuprofen"),
        ("I took baclofen at 8", "baclofen"),
        ("had my baclofen", "baclofen"),
        ("Took my tizanidine 😊", "tizanidine"),
    ],
)
def test_dose_lines_are_doses(line: str, name: str) -> None:
    intent = classify(line)
    assert intent.kind is IntentKind.DOSE and intent.took is not None and intent.took.name == name


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("took a hot bath, calf cramp 6/10", IntentKind.EPISODE),
        ("had a cramp in my calf", IntentKind.AMBIGUOUS),
        ("should I have taken baclofen?", IntentKind.QUESTION),
        ("had a good day", IntentKind.QUESTION),
    ],
)
def test_lines_that_are_not_doses(line: str, kind: IntentKind) -> None:
    assert classify(line).kind is kind


async def _doses(harness: BotHarness, user: int) -> list[tuple[int, int | None]]:
    services = harness.app.bot_data["services"]
    rows = await services.db.fetch_all(
        "SELECT medicine_id, episode_id FROM doses WHERE user_id = ? ORDER BY id", (user,)
    )
    return [(row["medicine_id"], row["episode_id"]) for row in rows]


async def test_typed_doses_are_recorded_and_linked_to_a_recent_episode(harness: BotHarness) -> None:
    user = 51
    harness.clock.set(NOW)
    await harness.send("/timezone Europe/London", user)
    await harness.send("/meds add baclofen 08:00 20:00", user)
    await harness.send("/meds add ibuprofen as needed", user)
    services = harness.app.bot_data["services"]
    baclofen, ibuprofen = (m.id for m in await services.plan.medicines.for_user(user))

    out = texts(await harness.send("TOOK BACLOFN", user))
    assert out == ["✅ Noted: baclofen, today 12:00. See it in /stats."], out
    assert await _doses(harness, user) == [(baclofen, None)]

    assert "Saved" in texts(await harness.send("left calf 7/10 2 min", user))[-1]
    episode = await services.episodes.latest(user)
    harness.clock.set(NOW + timedelta(hours=2))
    out = texts(await harness.send("just took my ibuprofen", user))
    assert out == ["✅ Noted: ibuprofen, today 14:00, for the episode you logged. See it in /stats."], out
    assert (await _doses(harness, user))[-1] == (ibuprofen, episode.id)
    assert await services.episodes.latest(user) == episode  # not a new entry

    harness.clock.set(NOW + timedelta(hours=9))  # long after: a dose of its own
    assert "for the episode" not in texts(await harness.send("took ibuprofen", user))[-1]
    assert (await _doses(harness, user))[-1] == (ibuprofen, None)

    # the episode said relief partly helped: /stats counts it for ibuprofen
    await services.db.execute("UPDATE episodes SET relief_helped = 'partly' WHERE id = ?", (episode.id,))
    stats = texts(await harness.send("/stats month", user))[0]
    rate = re.search(r"ibuprofen: 2 doses as needed \((\d+\.\d) a week\)", stats)
    assert rate is not None, stats
    assert float(rate[1]) == round(2 / (30 / 7), 1)  # November: 30 days
    assert "ibuprofen during an episode: relief helped 0, partly 1, not 0 (of 1 you rated)" in stats
    assert "baclofen: 1 dose as needed" in stats  # reported outside its reminders: counted as such


async def test_typed_doses_that_name_no_medicine_of_theirs(harness: BotHarness) -> None:
    user = 52
    await harness.send("/meds add baclofen 08:00", user)
    which = await harness.send("took my meds", user)
    assert "Which one did you take?" in texts(which)[-1]
    assert ("💊 baclofen", buttons(which)[0][1]) == buttons(which)[0]
    missing = texts(await harness.send("took tizanidne", user))[-1]
    assert "“tizanidine” is not in your plan" in missing or "Which one" in missing, missing
    walk = texts(await harness.send("took a walk", user))
    assert not any("Noted" in t for t in walk)  # not a dose: answered as it reads otherwise
    assert await _doses(harness, user) == []
    assert await harness.app.bot_data["services"].episodes.latest(user) is None


async def test_a_dose_at_a_clock_time_still_ahead_today_was_yesterday_and_says_so(
    harness: BotHarness,
) -> None:
    user = 57
    harness.clock.set(datetime(2026, 11, 10, 5, 30, tzinfo=UTC))  # 05:30 in London
    await harness.send("/timezone Europe/London", user)
    await harness.send("/meds add baclofen 08:00 20:00", user)
    out = texts(await harness.send("took baclofen at 8", user))
    assert out == ["✅ Noted: baclofen, yesterday 08:00. See it in /stats."], out


async def test_stats_without_episodes_still_shows_the_doses(harness: BotHarness) -> None:
    """ "See it in /stats" must be true before the first episode is logged."""
    user = 58
    harness.clock.set(NOW)
    await harness.send("/timezone Europe/London", user)
    await harness.send("/meds add ibuprofen as needed", user)
    await harness.send("took ibuprofen", user)
    stats = "\n".join(texts(await harness.send("/stats", user)))
    assert "Your diary is empty" in stats
    assert "ibuprofen" in stats, stats
