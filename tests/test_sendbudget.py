"""The send budget's arithmetic with a clock the test sets (no sleeping, no timing)."""

from __future__ import annotations

from bot.sendbudget import Lane, SendBudget, SendLimits

LIMITS = SendLimits(rate=10, window=1.0, chat_rate=1.0, chat_burst=3, background_share=0.3)


def fill(budget: SendBudget, count: int, now: float, round_trip: float = 0.0) -> None:
    for n in range(count):
        ticket = budget.start(chat_id=1000 + n, now=now)
        budget.finish(ticket, now + round_trip)


def test_sends_fit_until_the_window_is_full_then_wait_for_the_oldest_to_leave() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    for n in range(10):
        assert budget.wait(now=n * 0.01) == 0.0
        budget.finish(budget.start(chat_id=n, now=n * 0.01), now=n * 0.01)
    assert budget.wait(now=0.5) == 0.5  # the first send leaves the window at 1.0
    assert budget.wait(now=1.0) == 0.0


def test_a_send_in_flight_counts_until_its_answer() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    fill(budget, 1, now=0.0, round_trip=0.0)  # the shortest trip seen: none of it surely in transit
    tickets = [budget.start(chat_id=n, now=2.0) for n in range(10)]
    assert budget.wait(now=5.0) is None  # only an answer can free a place
    budget.finish(tickets[0], now=5.0)  # it may have reached Telegram just now
    assert budget.occupied(now=5.5) == 10
    assert budget.wait(now=5.5) == 0.5


def test_the_window_ends_one_window_after_the_answer_minus_the_shortest_round_trip() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    fill(budget, 1, now=0.0, round_trip=0.05)  # the shortest trip seen: 50 ms
    ticket = budget.start(chat_id=7, now=2.0)
    budget.finish(ticket, now=2.2)  # a slow answer: 200 ms
    # It may have reached Telegram as late as 2.15 (the last 50 ms, less 10 ms of slack, were surely
    # the way back): it counts until 2.16 + 1.
    assert budget.occupied(now=3.15) == 1
    assert budget.occupied(now=3.17) == 0


def test_a_429_pauses_everyone_lowers_the_rate_and_it_recovers_step_by_step() -> None:
    limits = SendLimits(rate=10, decrease=0.5, recover_every=5.0, recover_step=1.0, min_rate=2)
    budget = SendBudget(limits, now=0.0)
    budget.throttled(retry_after=3.0, now=10.0)
    assert budget.wait(now=11.0) == 2.0  # paused until 13.0
    assert budget.rate(now=13.0) == 5.0
    assert budget.rate(now=17.9) == 5.0
    assert budget.rate(now=18.0) == 6.0  # one step per 5 s without a 429
    assert budget.rate(now=38.0) == 10.0  # and never above the configured rate
    assert budget.rate(now=100.0) == 10.0


def test_repeated_429s_do_not_push_the_rate_below_the_floor() -> None:
    budget = SendBudget(SendLimits(rate=10, min_rate=3), now=0.0)
    for n in range(10):
        budget.throttled(retry_after=1.0, now=float(n))
    assert budget.rate(now=10.0) == 3.0
    assert budget.throttled_count == 10


def test_a_lowered_rate_makes_sends_wait_even_with_places_left_at_the_old_rate() -> None:
    budget = SendBudget(SendLimits(rate=10, decrease=0.5), now=0.0)
    fill(budget, 6, now=0.0)
    budget.throttled(retry_after=0.0, now=0.1)
    assert budget.capacity(now=0.1) == 5
    assert budget.wait(now=0.1) == 0.9


def test_one_chat_gets_a_burst_then_about_one_message_a_second() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    for _ in range(3):
        assert budget.chat_wait(42, now=0.0) == 0.0
        budget.start(chat_id=42, now=0.0)
    assert budget.chat_wait(42, now=0.0) == 1.0
    assert budget.chat_wait(43, now=0.0) == 0.0  # other chats are not affected
    assert budget.chat_wait(42, now=1.0) == 0.0


def test_replies_go_first_but_waiting_reminders_get_their_share() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    picks = [budget.choose(interactive_ready=True, background_ready=True) for _ in range(1000)]
    share = picks.count(Lane.BACKGROUND) / len(picks)
    assert 0.29 <= share <= 0.31
    assert picks[0] is Lane.INTERACTIVE


def test_reminders_held_by_their_spacing_still_earn_their_share() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    picks = []
    for n in range(1000):  # every other turn the waiting reminder is still held by its spacing
        picks.append(budget.choose(True, background_ready=n % 2 == 0, background_waiting=True))
    assert 0.29 <= picks.count(Lane.BACKGROUND) / len(picks) <= 0.31


def test_reminders_take_every_place_replies_do_not_need() -> None:
    budget = SendBudget(LIMITS, now=0.0)
    assert budget.choose(interactive_ready=False, background_ready=True) is Lane.BACKGROUND
    assert budget.choose(interactive_ready=True, background_ready=False) is Lane.INTERACTIVE
    assert budget.choose(interactive_ready=False, background_ready=False) is None


def test_unlimited_never_waits() -> None:
    budget = SendBudget(SendLimits(rate=0, chat_rate=0), now=0.0)
    for _ in range(1000):
        budget.start(chat_id=1, now=0.0)
    assert budget.wait(now=0.0) == 0.0 and budget.chat_wait(1, now=0.0) == 0.0


def test_reminders_are_spread_evenly_while_replies_may_go_at_once() -> None:
    budget = SendBudget(LIMITS, now=0.0)  # 10 per second: one reminder per 0.1 s
    assert budget.background_wait(now=0.0) == 0.0
    budget.start(chat_id=1, now=0.0, lane=Lane.BACKGROUND)
    budget.start(chat_id=2, now=0.01)  # a reply: does not move the reminders' spacing
    assert budget.background_wait(now=0.04) == 0.1 - 0.04
    assert budget.wait(now=0.04) == 0.0  # a reply need not wait for the spacing
    assert budget.background_wait(now=0.1) == 0.0
