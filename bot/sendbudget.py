"""How many Bot API sends may start now: Telegram's ~30 per rolling second, kept below with a margin,
and about one a second into any one chat. Pure bookkeeping over a `now` the caller passes in (no
asyncio, no telegram), so it is unit-tested with a fake clock; bot/ratelimit.py does the waiting.

Why a window that ends at the *answer*: Telegram counts a request when it arrives, which the bot
never sees. It arrived somewhere between our send and its answer, so a send occupies the budget
from the moment it starts until one window after its answer, minus the shortest round trip seen
(the part of every trip that is surely in flight, not waiting at Telegram), less 10 ms of slack. Jitter, a slow event
loop or a slow network then only make us more careful, never over the limit.

On a 429 everyone waits `retry_after`, the rate drops (multiplicative decrease) and climbs back one
send per second every few seconds (additive increase), so a second 429 in a row is rare.

Background sends (reminders) get a guaranteed share of the slots whenever they wait, so a wave
always progresses while people chat; otherwise replies to people go first.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from enum import StrEnum


class Lane(StrEnum):
    INTERACTIVE = "interactive"  # replies to someone who just wrote
    BACKGROUND = "background"  # reminders


@dataclass(frozen=True, slots=True)
class SendLimits:
    rate: float = 29.0  # sends per window we allow ourselves (Telegram: ~30/s); 0 = unlimited
    window: float = 1.0  # seconds, as Telegram counts
    chat_rate: float = 1.0  # sustained sends per second into one chat; 0 = no per-chat limit
    chat_burst: int = 20  # a short burst into one chat is fine
    background_share: float = 0.3  # of the slots, whenever background sends wait
    min_rate: float = 5.0  # the floor a run of 429s can push the rate down to
    decrease: float = 0.8  # on a 429 the rate is multiplied by this
    recover_every: float = 3.0  # seconds without a 429 for each step back up
    recover_step: float = 1.0  # sends per window regained per step

    @property
    def unlimited(self) -> bool:
        return self.rate <= 0


# Of the shortest round trip, this much is not counted as surely in transit: uplink and downlink
# each vary by a few ms (measured: one 429 in 1,000 sends at load 4 on two cores without it).
_TRANSIT_SLACK = 0.010
_RTT_EPOCH = 256  # samples per epoch of the shortest-round-trip estimate
_MAX_BACKGROUND_CREDIT = 3.0  # slots owed to reminders at most (after a stretch they could not use)
_CHAT_TABLE_PRUNE = 8192  # forget chats whose bucket has refilled once this many are tracked


class SendBudget:
    def __init__(self, limits: SendLimits, now: float) -> None:
        self.limits = limits
        self._rate = limits.rate
        self._adjusted_at = now
        self._paused_until = 0.0
        self._in_flight: dict[int, float] = {}  # ticket -> start
        self._expiries: list[float] = []  # heap: when finished sends stop counting
        self._next_ticket = 0
        self._rtt_floor_previous = math.inf
        self._rtt_floor_current = math.inf
        self._rtt_samples = 0
        self._chats: dict[int, tuple[float, float]] = {}  # chat -> (tokens, stamp)
        self._background_credit = 0.0
        self._last_background_start = -math.inf
        self.throttled_count = 0

    # ----- the overall window --------------------------------------------------------------------

    def rate(self, now: float) -> float:
        """The rate in force now: the configured one, or lower while recovering from a 429."""
        limits = self.limits
        if self._rate < limits.rate and limits.recover_every > 0:
            steps = math.floor((now - self._adjusted_at) / limits.recover_every)
            if steps > 0:
                self._rate = min(limits.rate, self._rate + steps * limits.recover_step)
                self._adjusted_at += steps * limits.recover_every
        return self._rate

    def capacity(self, now: float) -> int:
        return max(1, math.floor(self.rate(now) * self.limits.window + 1e-9))

    def occupied(self, now: float) -> int:
        while self._expiries and self._expiries[0] <= now:
            heapq.heappop(self._expiries)
        return len(self._in_flight) + len(self._expiries)

    def wait(self, now: float) -> float | None:
        """Seconds until one more send fits (0: now); None when only an answer in flight can free
        a place (the caller waits for `finish`)."""
        if self.limits.unlimited:
            return 0.0
        if now < self._paused_until:
            return self._paused_until - now
        if self.occupied(now) < self.capacity(now):
            return 0.0
        excess = self.occupied(now) - self.capacity(now)  # > 0 right after the rate was lowered
        if excess >= len(self._expiries):
            return None
        return heapq.nsmallest(excess + 1, self._expiries)[-1] - now

    def background_wait(self, now: float) -> float:
        """Background sends are spread evenly (one per window/capacity), never in a burst: a wave
        that took the whole window at once would make the next reply wait for the window to pass."""
        if self.limits.unlimited:
            return 0.0
        spacing = self.limits.window / self.capacity(now)
        return max(0.0, self._last_background_start + spacing - now)

    def start(self, chat_id: int | None, now: float, lane: Lane = Lane.INTERACTIVE) -> int:
        """Count a send that starts now; returns the ticket to `finish` it with."""
        self._next_ticket += 1
        if lane is Lane.BACKGROUND:
            self._last_background_start = now
        if not self.limits.unlimited:
            self._in_flight[self._next_ticket] = now
        if chat_id is not None and self.limits.chat_rate > 0:
            tokens = self._chat_tokens(chat_id, now)
            self._chats[chat_id] = (tokens - 1, now)
        return self._next_ticket

    def finish(self, ticket: int, now: float) -> None:
        """The send's answer (or failure) arrived now."""
        started = self._in_flight.pop(ticket, None)
        if started is None:
            return
        round_trip = now - started
        self._note_round_trip(round_trip)
        surely_in_transit = max(0.0, min(self._rtt_floor(), round_trip) - _TRANSIT_SLACK)
        heapq.heappush(self._expiries, max(started, now - surely_in_transit) + self.limits.window)

    def throttled(self, retry_after: float, now: float) -> None:
        """Telegram answered 429: everyone waits `retry_after`, and the rate goes down for a while."""
        self.throttled_count += 1
        self._paused_until = max(self._paused_until, now + retry_after)
        current = self.rate(now)
        self._rate = max(min(self.limits.min_rate, self.limits.rate), current * self.limits.decrease)
        self._adjusted_at = max(now, self._paused_until)

    def _note_round_trip(self, seconds: float) -> None:
        self._rtt_floor_current = min(self._rtt_floor_current, seconds)
        self._rtt_samples += 1
        if self._rtt_samples >= _RTT_EPOCH:  # forget old samples: the network may have changed
            self._rtt_floor_previous, self._rtt_floor_current = self._rtt_floor_current, math.inf
            self._rtt_samples = 0

    def _rtt_floor(self) -> float:
        floor = min(self._rtt_floor_previous, self._rtt_floor_current)
        return 0.0 if math.isinf(floor) else floor

    # ----- one chat --------------------------------------------------------------------------------

    def chat_wait(self, chat_id: int | None, now: float) -> float:
        """Seconds until this chat may get another message (0: now)."""
        if chat_id is None or self.limits.chat_rate <= 0:
            return 0.0
        tokens = self._chat_tokens(chat_id, now)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.limits.chat_rate

    def _chat_tokens(self, chat_id: int, now: float) -> float:
        burst = float(max(1, self.limits.chat_burst))
        found = self._chats.get(chat_id)
        if found is None:
            if len(self._chats) >= _CHAT_TABLE_PRUNE:
                self._prune_chats(now)
            return burst
        tokens, stamp = found
        return min(burst, tokens + (now - stamp) * self.limits.chat_rate)

    def _prune_chats(self, now: float) -> None:
        burst = float(max(1, self.limits.chat_burst))
        rate = self.limits.chat_rate
        self._chats = {
            chat: (tokens, stamp)
            for chat, (tokens, stamp) in self._chats.items()
            if tokens + (now - stamp) * rate < burst
        }

    # ----- who goes next -----------------------------------------------------------------------------

    def choose(
        self, interactive_ready: bool, background_ready: bool, background_waiting: bool | None = None
    ) -> Lane | None:
        """Replies first, except that background sends get `background_share` of the slots
        whenever they wait: each reply served while a reminder waits (ready now, or only held by
        its spacing) earns the reminders share/(1-share) of a slot, spent as soon as one is ready."""
        waiting = background_ready if background_waiting is None else background_waiting
        if background_ready and self._background_credit >= 1:
            self._background_credit -= 1
            return Lane.BACKGROUND
        if interactive_ready:
            if waiting:
                share = min(max(self.limits.background_share, 0.0), 0.95)
                self._background_credit = min(
                    _MAX_BACKGROUND_CREDIT, self._background_credit + share / (1 - share)
                )
            else:
                self._background_credit = 0.0
            return Lane.INTERACTIVE
        if background_ready:
            return Lane.BACKGROUND
        return None
