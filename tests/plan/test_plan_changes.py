"""/meds change moves a medicine's times (dated as a change, reminders follow); the "Times" button
gives the line to send; a time-zone change moves appointment reminders to the new zone's evening."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reminders.rules import ReminderKind
from tests.harness import BotHarness, button_data, texts
from tests.test_reminders_bot import fire_due


async def _medicine_rule_times(harness: BotHarness, user: int) -> list[str]:
    services = harness.app.bot_data["services"]
    stored = {r.rule.kind: r for r in await services.reminders.repository.for_user(user)}
    return [t.strftime("%H:%M") for t in stored[ReminderKind.MEDICINE].rule.times]


async def test_meds_change_moves_the_times_and_is_dated(harness: BotHarness) -> None:
    user = 41
    await harness.send("/timezone Europe/Berlin", user)
    await harness.send("/meds add baclofen 08:00 20:00 with food", user)
    changed = texts(await harness.send("/meds change baclofn 09:00 21:00", user))[-1]
    assert "Changed: baclofen" in changed and "09:00, 21:00" in changed and "with food" in changed
    assert await _medicine_rule_times(harness, user) == ["09:00", "21:00"]
    services = harness.app.bot_data["services"]
    assert [c.change.value for c in await services.plan.medicines.changes(user)][-1] == "changed"
    unknown = texts(await harness.send("/meds change aspirin 09:00", user))[-1]
    assert "not in your plan" in unknown and "baclofen" in unknown
    assert "/meds change" in texts(await harness.send("/meds change baclofen", user))[-1]  # no times
    section = await harness.press(button_data(await harness.send("/plan", user), "Medicines"), user)
    prompt = texts(await harness.press(button_data(section, "Times"), user))[-1]
    assert "baclofen is at 09:00, 21:00" in prompt and "/meds change baclofen" in prompt
    assert "expired" in str(await harness.press(button_data(section, "Times"), 42, check_button=False))


async def test_a_zone_change_moves_the_evening_before_reminder(harness: BotHarness) -> None:
    user = 43
    harness.clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    await harness.send("/timezone Europe/London", user)
    assert "Saved" in texts(await harness.send("/appointment 10 Dec 10:30 neurologist", user))[-1]
    await harness.send("/timezone Asia/Tokyo", user)  # the visit is 19:30 in Tokyo on 10 Dec
    services = harness.app.bot_data["services"]
    stored = {r.rule.kind: r for r in await services.reminders.repository.for_user(user)}
    instants = stored[ReminderKind.APPOINTMENT].rule.instants
    tokyo_evening_before = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # 19:00 in Tokyo on 9 Dec
    assert tokyo_evening_before in instants
    assert datetime(2026, 12, 9, 19, 0, tzinfo=UTC) not in instants  # London's evening before is gone
    harness.clock.set(datetime(2026, 12, 9, 10, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    sent = [str(m.get("text", "")) for m in harness.api.sent_messages(chat_id=user)]
    assert any(t.startswith("📅 Tomorrow at 19:30: neurologist") for t in sent), sent[-3:]
