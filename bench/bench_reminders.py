"""Benchmark (issues 4 and 14): reminders at scale, under Telegram's 30 messages/s limit.

    .venv/bin/python -m bench.bench_reminders --users 100000 --wave 10000 --think 3     # ~10 min
    .venv/bin/python -m bench.bench_reminders --users 100000 --wave 10000 --think 0.5   # ~22 min
    .venv/bin/python -m bench.bench_reminders --users 100000 --wave 1000                # quick run
    .venv/bin/python -m bench.bench_reminders --users 100000 --wave 10000 --postgres    # on PostgreSQL

100,000 people, each with all four reminders (water every 2 h 09:00-21:00, stretch 08:00 and 20:00,
bedtime 21:30, morning 08:00), spread over 30 IANA zones. The real bot (`running_bot`, the system
clock, its default send budget) runs in this process against the fake Bot API server, which runs
with the simulated people in a child process (bench/remindload.py), answers 429 + retry_after
beyond 30 sends in any rolling second (counted on arrival) and adds --delay-ms of round trip to
every call but getUpdates. Measured, each against its target:

1. start to ready <= 5 s: from entering `running_bot` (database already filled) to the first
   getUpdates call the fake receives — the bot answers nobody before that.
2. RSS <= 200 MB of the bot process once ready and after the wave (/proc/self/status; this process
   is the bot: the database is filled by a child process, Telegram lives in another).
3. a wave of --wave reminders due at once: none lost, none sent twice per (user, kind); <= 1 x 429
   per 1,000 sends; reminders at >= 85 % of the budget the chat leaves over (30/s minus the chat's
   replies/s), and the last one out within --wave-minutes.
4. while the wave runs, 20 people chat (send /help, wait for the reply, wait --think s, repeat) and
   get replies with p99 <= --p99-ms: replies go first, reminders keep their guaranteed share.

Every other reminder is due after the measurement (due times are planned past a horizon that
covers the run), so the wave is exactly the rows set due, and a reminder sent again would be a
duplicate, not a legitimate next occurrence.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.remindload import RemoteTelegram, SendRecord, WaveObservation, WavePlan
from bot.app import running_bot
from bot.clock import to_utc_text
from bot.config import load_settings
from bot.reminders.rules import ReminderKind, ReminderRule
from bot.reminders.schedule import next_fire
from bot.services import SERVICES_KEY, Services
from bot.storage.db import Database
from bot.storage.migrations import migrate
from handlers import register
from handlers.remind import DISPATCHER_KEY, TICK_SECONDS

TOKEN = "555000:Benchmark-token-for-the-fake-server"
TELEGRAM_LIMIT = 30  # sends per rolling second the fake allows, as Telegram does for one bot
SLEEP_START, SLEEP_END = wall(22, 0), wall(7, 0)  # the users table's default sleep window
TARGETS = {"ready_s": 5.0, "rss_mb": 200.0, "leftover_share": 0.85, "throttled_per_1000": 1.0}

ZONES = [
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/New_York",
    "America/Halifax",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Atlantic/Azores",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Africa/Lagos",
    "Europe/Athens",
    "Africa/Johannesburg",
    "Europe/Moscow",
    "Asia/Tehran",
    "Asia/Dubai",
    "Asia/Kabul",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Chatham",
]
RULES = [
    ReminderRule(
        ReminderKind.HYDRATION, interval_minutes=120, window_start=wall(9, 0), window_end=wall(21, 0)
    ),
    ReminderRule(ReminderKind.STRETCH, times=(wall(8, 0), wall(20, 0))),
    ReminderRule(ReminderKind.NIGHT, times=(wall(21, 30),)),
    ReminderRule(ReminderKind.MORNING, times=(wall(8, 0),)),
]

Pair = tuple[int, str]  # (user_id, reminder kind)


def zone_of(user_id: int) -> str:
    return ZONES[user_id % len(ZONES)]


# ----- the database ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuePlan:
    """Per (zone, kind) — everyone there shares the rule — the next due instant stored, and whether
    that kind may take part in the wave: only if its own next occurrence lies past the horizon, so
    the one sent in the wave is the only one in the run."""

    due_text: dict[tuple[str, str], str]
    wave_eligible: set[tuple[str, str]]


def plan_due_times(now: datetime, horizon_end: datetime) -> DuePlan:
    due_text: dict[tuple[str, str], str] = {}
    eligible: set[tuple[str, str]] = set()
    for zone in ZONES:
        for rule in RULES:
            key = (zone, rule.kind.value)
            tz = ZoneInfo(zone)
            upcoming = next_fire(rule, after=now, tz=tz, sleep_start=SLEEP_START, sleep_end=SLEEP_END)
            assert upcoming is not None
            if upcoming > horizon_end:
                eligible.add(key)
            else:  # it would fire during the run: plan its next occurrence after the horizon
                upcoming = next_fire(
                    rule, after=horizon_end, tz=tz, sleep_start=SLEEP_START, sleep_end=SLEEP_END
                )
                assert upcoming is not None
            due_text[key] = to_utc_text(upcoming)
    return DuePlan(due_text, eligible)


def _rule_columns(rule: ReminderRule) -> tuple[str, int | None, str | None, str | None]:
    """The text columns ReminderRepository.save_rule writes for a rule."""
    return (
        ",".join(t.strftime("%H:%M") for t in rule.times),
        rule.interval_minutes,
        rule.window_start.strftime("%H:%M") if rule.window_start else None,
        rule.window_end.strftime("%H:%M") if rule.window_end else None,
    )


async def fill_database(url: str, users: int, plan: DuePlan) -> None:
    """Every user and their four reminders, in one transaction with executemany (seconds, not minutes)."""
    stamp = to_utc_text(datetime.now(UTC))
    columns = {rule.kind.value: _rule_columns(rule) for rule in RULES}

    def user_rows() -> Iterator[tuple[object, ...]]:
        for user_id in range(1, users + 1):
            yield user_id, user_id, zone_of(user_id), stamp, stamp

    def reminder_rows() -> Iterator[tuple[object, ...]]:
        for user_id in range(1, users + 1):
            zone = zone_of(user_id)
            for kind, rule_columns in columns.items():
                yield user_id, kind, *rule_columns, plan.due_text[(zone, kind)]

    db = await Database.connect(url)
    try:
        await migrate(db)
        async with db.transaction() as conn:
            await conn.execute_many(
                "INSERT INTO users (user_id, chat_id, timezone, onboarded, created_at_utc, updated_at_utc) "
                "VALUES (?, ?, ?, 1, ?, ?)",
                user_rows(),
            )
            await conn.execute_many(
                "INSERT INTO reminders (user_id, kind, times, interval_minutes, window_start, window_end, "
                "enabled, next_due_utc) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                reminder_rows(),
            )
    finally:
        await db.close()


def _fill_in_child(url: str, users: int, plan: DuePlan) -> None:
    asyncio.run(fill_database(url, users, plan))


def fill_in_child_process(url: str, users: int, plan: DuePlan) -> float:
    """Fill in a child process so none of it stays in the bot's RSS; returns the seconds it took."""
    started = time.perf_counter()
    process = multiprocessing.get_context("fork").Process(target=_fill_in_child, args=(url, users, plan))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"filling the database failed (exit code {process.exitcode})")
    return time.perf_counter() - started


def choose_wave(users: int, plan: DuePlan, size: int) -> set[Pair]:
    """`size` distinct (user, kind) pairs, drawn at random among the kinds that may take part."""
    available = len(plan.wave_eligible) * (users // len(ZONES))
    if available < size:
        raise SystemExit(f"only ~{available} reminders can take part in a wave now; use a smaller --wave")
    rng = random.Random(4)
    kinds = [rule.kind.value for rule in RULES]
    chosen: set[Pair] = set()
    while len(chosen) < size:
        user_id, kind = rng.randint(1, users), rng.choice(kinds)
        if (zone_of(user_id), kind) in plan.wave_eligible:
            chosen.add((user_id, kind))
    return chosen


async def make_wave_due(db: Database, wave: set[Pair]) -> None:
    """Set the wave's reminders due now, in one transaction: one dispatcher tick sees them all."""
    now = to_utc_text(datetime.now(UTC))
    await db.execute_many(
        "UPDATE reminders SET next_due_utc = ? WHERE user_id = ? AND kind = ?",
        [(now, user_id, kind) for user_id, kind in sorted(wave)],
    )


# ----- measuring ---------------------------------------------------------------------------------


def memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024  # kB
    return fields["VmRSS"], fields["VmHWM"]


def import_seconds() -> float:
    """What `python -m bot` spends importing the bot before running_bot (not in the target)."""

    def run(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    return run("import bot.app, handlers") - run("pass")


@dataclass
class Measurements:
    ready_seconds: float
    rss_ready_mb: float
    rss_after_mb: float
    rss_peak_mb: float
    observation: WaveObservation
    dispatcher: str


async def measure(url: str, wave: set[Pair], plan: WavePlan, delay: float) -> Measurements:
    telegram = RemoteTelegram(send_limit=TELEGRAM_LIMIT, delay=delay)
    base_url = telegram.start()
    settings = load_settings(telegram_bot_token=TOKEN, telegram_api_base_url=base_url, database_url=url)
    try:
        launched = time.monotonic()
        async with running_bot(
            settings, features=register
        ) as application:  # SystemClock, the default send budget
            ready_seconds = await telegram.first_poll() - launched
            rss_ready, _ = memory_mb()
            services: Services = application.bot_data[SERVICES_KEY]
            await make_wave_due(services.db, wave)
            observation = await telegram.run_wave(plan)
            rss_after, rss_peak = memory_mb()
            dispatcher = application.bot_data.get(DISPATCHER_KEY)
            stats = str(dispatcher.stats) if dispatcher is not None else "no dispatcher ran"
    finally:
        telegram.stop()
    return Measurements(ready_seconds, rss_ready, rss_after, rss_peak, observation, stats)


# ----- reporting ---------------------------------------------------------------------------------


def target_line(name: str, value: float, unit: str, op: str, target: float, digits: int = 1) -> str:
    met = value >= target if op == ">=" else value <= target
    return (
        f"{name} {value:.{digits}f} {unit} (target {op} {target:g}, ratio {value / target:.2f})"
        f"{'' if met else '   MISSED'}"
    )


def zero_line(name: str, value: int) -> str:
    return f"{name} {value} (target 0){'' if value == 0 else '   MISSED'}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def wave_report(sends: list[SendRecord], wave: set[Pair], wave_minutes: float) -> list[str]:
    reminders = [s for s in sends if s.kind is not None]
    delivered = [s for s in reminders if s.status == 200]
    per_pair = Counter((s.chat_id, s.kind or "") for s in delivered)
    lost = sum(1 for pair in wave if per_pair[pair] == 0)
    duplicates = sum(count - 1 for pair, count in per_pair.items() if pair in wave and count > 1)
    strays = sum(count for pair, count in per_pair.items() if pair not in wave)
    lines = [
        zero_line("lost reminders", lost),
        zero_line("duplicate reminders", duplicates),
        zero_line("reminders sent that were not in the wave", strays),
    ]
    if len(delivered) < 2:
        return ["wave: fewer than 2 reminders delivered", *lines]
    first, last = min(s.time for s in delivered), max(s.time for s in delivered)
    seconds = last - first
    replies = sum(1 for s in sends if s.kind is None and s.status == 200 and first <= s.time <= last)
    reply_rate, reminder_rate = replies / seconds, len(delivered) / seconds
    leftover = TELEGRAM_LIMIT - reply_rate
    throttled = [s for s in sends if s.status == 429]
    return [
        f"wave: {len(delivered)} of {len(wave)} reminders delivered in {seconds:.1f} s, and {replies} replies "
        f"to the chatting people in the same time",
        f"  reminders {reminder_rate:.1f}/s + replies {reply_rate:.1f}/s = {reminder_rate + reply_rate:.1f}/s "
        f"of Telegram's {TELEGRAM_LIMIT}/s",
        target_line(
            "  reminders' share of the budget the chat leaves over",
            reminder_rate / leftover * 100,
            "%",
            ">=",
            TARGETS["leftover_share"] * 100,
        ),
        f"  reminders' share of all sends {len(delivered) / max(1, len(delivered) + replies):.0%}",
        target_line("last reminder out after the first", seconds / 60, "min", "<=", wave_minutes),
        *lines,
        target_line(
            "429 answers per 1,000 sends",
            len(throttled) / max(1, len(sends)) * 1000,
            "",
            "<=",
            TARGETS["throttled_per_1000"],
            2,
        )
        + f"   ({len(throttled)} of {len(sends)}, {sum(1 for s in throttled if s.kind)} to reminders)",
    ]


def report(
    args: argparse.Namespace, fill_seconds: float, imports: float, result: Measurements, wave: set[Pair]
) -> None:
    obs = result.observation
    print(
        f"{args.users} users x 4 reminders in {len(ZONES)} zones; wave {args.wave}; {args.chatters} chatting, "
        f"next message {args.think:g} s after each reply, for the whole wave; fake Bot API: "
        f"{TELEGRAM_LIMIT} sends per rolling second, {args.delay_ms:g} ms round trip"
    )
    print(f"database: {'PostgreSQL (throwaway local server)' if args.postgres else 'SQLite'}")
    print(f"database filled in {fill_seconds:.1f} s (child process); importing the bot takes {imports:.2f} s")
    print(target_line("start to ready", result.ready_seconds, "s", "<=", TARGETS["ready_s"], 2))
    print(target_line("RSS once ready", result.rss_ready_mb, "MB", "<=", TARGETS["rss_mb"]))
    print(target_line("RSS after the wave", result.rss_after_mb, "MB", "<=", TARGETS["rss_mb"]))
    print(f"  peak RSS (VmHWM) {result.rss_peak_mb:.1f} MB")
    for line in wave_report(obs.sends, wave, args.wave_minutes):
        print(line)
    if obs.chat_latencies:
        print(
            target_line(
                "chat reply p99",
                percentile(obs.chat_latencies, 0.99) * 1000,
                "ms",
                "<=",
                args.p99_ms,
                0,
            )
            + f"   p50 {percentile(obs.chat_latencies, 0.5) * 1000:.0f} ms, mean "
            f"{statistics.mean(obs.chat_latencies) * 1000:.0f} ms, max {max(obs.chat_latencies) * 1000:.0f} ms, "
            f"{len(obs.chat_latencies)} replies"
        )
    print(zero_line("chat messages never answered", obs.chat_unanswered))
    print(f"dispatcher: {result.dispatcher}")
    for note in obs.notes:
        print(f"note: {note}")


@contextmanager
def database_url(postgres: bool, tmp: Path) -> Iterator[str]:
    """SQLite in `tmp`, or a fresh database on a PostgreSQL server started for this run."""
    if not postgres:
        yield f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    from tests.pgserver import PgServer

    server = PgServer.start()
    try:
        yield server.new_database()
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--wave", type=int, default=10_000, help="reminders set due at once")
    parser.add_argument("--chatters", type=int, default=20)
    parser.add_argument("--think", type=float, default=3.0, help="seconds from a reply to the next message")
    parser.add_argument(
        "--chat-seconds",
        type=float,
        default=0.0,
        help="how long they chat from the first reminder (0: all the wave)",
    )
    parser.add_argument(
        "--postgres", action="store_true", help="on a throwaway local PostgreSQL server instead of SQLite"
    )
    parser.add_argument("--delay-ms", type=float, default=30.0, help="round trip per Bot API call")
    parser.add_argument(
        "--wave-minutes", type=float, default=None, help="target (default: 10, or 25 if --think < 1)"
    )
    parser.add_argument(
        "--p99-ms", type=float, default=None, help="target (default: 1000, or 2000 if --think < 1)"
    )
    args = parser.parse_args()
    fast = args.think < 1
    args.wave_minutes = args.wave_minutes or (25.0 if fast else 10.0)
    args.p99_ms = args.p99_ms or (2000.0 if fast else 1000.0)
    logging.basicConfig(level=logging.WARNING)

    # The horizon covers start-up, the wave at no less than 6/s, the chat, and slack.
    run_seconds = 120 + args.wave / 6 + args.chat_seconds + 120
    now = datetime.now(UTC)
    due_plan = plan_due_times(now, now + timedelta(seconds=run_seconds))
    imports = import_seconds()
    with tempfile.TemporaryDirectory() as tmp, database_url(args.postgres, Path(tmp)) as url:
        fill_seconds = fill_in_child_process(url, args.users, due_plan)
        wave = choose_wave(args.users, due_plan, args.wave)
        wave_plan = WavePlan(
            reminders=args.wave,
            chatters=args.chatters,
            think_seconds=args.think,
            chat_seconds=args.chat_seconds,
            idle_timeout=max(60.0, 6 * TICK_SECONDS),
            settle_seconds=2 * TICK_SECONDS + 2,
        )
        result = asyncio.run(measure(url, wave, wave_plan, args.delay_ms / 1000))
    report(args, fill_seconds, imports, result, wave)


if __name__ == "__main__":
    main()
