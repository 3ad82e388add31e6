"""The one-line episode parser. Expected values are written by hand from the text of each line."""

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.episodes import parse as parse_module
from bot.episodes.parse import ParseResult, parse_episode_line
from bot.episodes.timing import night_of
from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Symptom, Trigger

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Thursday 14 May 2026, 09:30 in Berlin (CEST, UTC+2), given in UTC as the bot's clock would.
NOW = datetime(2026, 5, 14, 7, 30, tzinfo=UTC)
NOW_LOCAL = datetime(2026, 5, 14, 9, 30, tzinfo=BERLIN)


def parse(text: str, now: datetime = NOW, tz: ZoneInfo = BERLIN, **kwargs: Any) -> ParseResult:
    return parse_episode_line(text, now=now, tz=tz, **kwargs)


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def assert_fields(result: ParseResult, expected: dict[str, Any]) -> None:
    actual = {name: getattr(result.draft, name) for name in expected}
    assert actual == expected


def assert_same_instant(actual: datetime | None, expected: datetime) -> None:
    # Compared in UTC: Python never calls an ambiguous local time equal to a time in another zone.
    assert actual is not None
    assert actual.astimezone(UTC) == expected.astimezone(UTC)


# --- the lines from the brief ---------------------------------------------------------------


def test_left_calf_7_of_10_2_min() -> None:
    result = parse("left calf 7/10 2 min")
    assert_fields(result, {"region": Region.CALF, "side": Side.LEFT, "intensity": 7, "duration_seconds": 120})
    assert result.looks_like_episode
    assert result.understood == ("region", "side", "intensity", "duration_seconds")


def test_calf_cramp_7_for_2_minutes() -> None:
    result = parse("calf cramp 7 for 2 minutes")
    assert_fields(
        result,
        {"region": Region.CALF, "kind": Kind.CRAMP, "intensity": 7, "duration_seconds": 120, "side": None},
    )
    assert result.looks_like_episode


def test_hamstring_last_night() -> None:
    result = parse("hamstring 5/10 30s last night")
    assert_fields(
        result, {"region": Region.HAMSTRING, "intensity": 5, "duration_seconds": 30, "nocturnal": True}
    )
    # Typed at 09:30: the middle of last night's 22:00-07:00 window.
    assert result.draft.started_at == berlin(2026, 5, 14, 2, 30)
    assert "started_at" in result.understood


def test_both_legs_spasm_woke_me_at_3am() -> None:
    result = parse("both legs spasm 8 woke me up at 3am")
    assert_fields(
        result,
        {
            "region": Region.WHOLE_LEG,
            "side": Side.BOTH,
            "kind": Kind.SPASM,
            "intensity": 8,
            "nocturnal": True,
            "started_at": berlin(2026, 5, 14, 3, 0),
        },
    )


def test_woke_me_at_3am_typed_late_in_the_evening_means_this_morning() -> None:
    result = parse("both legs spasm 8 woke me up at 3am", now=berlin(2026, 5, 14, 21, 0))
    assert result.draft.started_at == berlin(2026, 5, 14, 3, 0)


def test_lower_back_after_gardening() -> None:
    result = parse("lower back 4, 10 min, after gardening")
    assert_fields(
        result,
        {
            "region": Region.LOWER_BACK,
            "intensity": 4,
            "duration_seconds": 600,
            "triggers": [Trigger.EXERCISE],
            "trigger_text": "gardening",
        },
    )


def test_right_foot_20_minutes_ago() -> None:
    result = parse("right foot 6 90 seconds 20 minutes ago")
    assert_fields(
        result,
        {
            "region": Region.FOOT,
            "side": Side.RIGHT,
            "intensity": 6,
            "duration_seconds": 90,
            "started_at": NOW_LOCAL - timedelta(minutes=20),
        },
    )


def test_thigh_still_going() -> None:
    result = parse("thigh 9/10 still going")
    assert_fields(
        result, {"region": Region.THIGH_FRONT, "intensity": 9, "ongoing": True, "duration_seconds": None}
    )


def test_calf_7() -> None:
    result = parse("calf 7")
    assert_fields(result, {"region": Region.CALF, "intensity": 7, "kind": None, "side": None})
    assert result.looks_like_episode


def test_neck_stiffness_all_morning() -> None:
    # The morning starts at wake time (sleep_end 07:00); at 09:30 it has lasted 2.5 h so far.
    result = parse("neck stiffness 3 all morning")
    assert_fields(
        result,
        {
            "region": Region.NECK_SHOULDER,
            "kind": Kind.STIFFNESS,
            "intensity": 3,
            "started_at": berlin(2026, 5, 14, 7, 0),
            "duration_seconds": 9000,
        },
    )


def test_all_morning_typed_in_the_afternoon_lasts_until_noon() -> None:
    result = parse("neck stiffness 3 all morning", now=berlin(2026, 5, 14, 15, 0), sleep_end=time(6, 0))
    assert result.draft.started_at == berlin(2026, 5, 14, 6, 0)
    assert result.draft.duration_seconds == 6 * 3600


def test_spasm_in_left_hamstring_yesterday_2330() -> None:
    text = "spasm in my left hamstring about 6 out of 10, lasted maybe 45 sec, yesterday 23:30"
    result = parse(text)
    assert_fields(
        result,
        {
            "region": Region.HAMSTRING,
            "side": Side.LEFT,
            "kind": Kind.SPASM,
            "intensity": 6,
            "duration_seconds": 45,
            "started_at": berlin(2026, 5, 13, 23, 30),
            "nocturnal": True,
        },
    )


# --- many more lines, informal and misspelled ------------------------------------------------

CASES = [
    (
        "hamstirng cramp 6/10 for like 1 min",
        {"region": Region.HAMSTRING, "kind": Kind.CRAMP, "intensity": 6, "duration_seconds": 60},
    ),
    (
        "rigth calf cramp 8 lasted 2-3 min",
        {"region": Region.CALF, "side": Side.RIGHT, "intensity": 8, "duration_seconds": 150},
    ),
    (
        "my calves cramped 7 out of ten",
        {"region": Region.CALF, "side": Side.BOTH, "kind": Kind.CRAMP, "intensity": 7},
    ),
    ("l calf 5 1m30s", {"region": Region.CALF, "side": Side.LEFT, "intensity": 5, "duration_seconds": 90}),
    (
        "quads tight 4 after gym",
        {
            "region": Region.THIGH_FRONT,
            "kind": Kind.STIFFNESS,
            "intensity": 4,
            "triggers": [Trigger.EXERCISE],
            "trigger_text": "gym",
        },
    ),
    (
        "stomach cramp 5 half an hour",
        {"region": Region.ABDOMEN, "kind": Kind.CRAMP, "intensity": 5, "duration_seconds": 1800},
    ),
    ("eyelid twitching 2", {"region": Region.JAW_FACE, "kind": Kind.TWITCH, "intensity": 2}),
    ("back of my thigh 7 2 hrs", {"region": Region.HAMSTRING, "intensity": 7, "duration_seconds": 7200}),
    ("hip 6 1h", {"region": Region.HIP_GROIN, "intensity": 6, "duration_seconds": 3600}),
    ("groin spasm 5 an hour", {"region": Region.HIP_GROIN, "kind": Kind.SPASM, "duration_seconds": 3600}),
    (
        "calf 8 took my baclofen didn't help",
        {
            "region": Region.CALF,
            "intensity": 8,
            "relief": [Relief.AS_NEEDED_MEDICATION],
            "relief_helped": Helped.NO,
        },
    ),
    (
        "calf cramp 7 hot water bottle helped",
        {"relief": [Relief.HEAT], "relief_helped": Helped.YES, "triggers": []},
    ),
    ("charley horse 9", {"region": Region.CALF, "kind": Kind.CRAMP, "intensity": 9}),
    (
        "charlie horse left leg 9, stretched it, helped a bit",
        {
            "region": Region.CALF,
            "kind": Kind.CRAMP,
            "side": Side.LEFT,
            "intensity": 9,
            "relief": [Relief.STRETCHING],
            "relief_helped": Helped.PARTLY,
        },
    ),
    ("calf 6.5/10", {"intensity": 7}),
    ("11/10 calf cramp", {"intensity": 10, "region": Region.CALF}),
    ("0/10 calf twitch", {"intensity": 0, "kind": Kind.TWITCH}),
    (
        "left foot spasm intensity 4",
        {"region": Region.FOOT, "side": Side.LEFT, "kind": Kind.SPASM, "intensity": 4},
    ),
    ("toe cramp 3 of 10 a minute or two", {"region": Region.FOOT, "intensity": 3, "duration_seconds": 90}),
    (
        "lumbar spasm 6 for 1.5 min",
        {"region": Region.LOWER_BACK, "kind": Kind.SPASM, "intensity": 6, "duration_seconds": 90},
    ),
    (
        "upper back stiff 4 2 hours",
        {"region": Region.UPPER_BACK, "kind": Kind.STIFFNESS, "intensity": 4, "duration_seconds": 7200},
    ),
    ("shoulder blade spasm 5", {"region": Region.UPPER_BACK, "kind": Kind.SPASM, "intensity": 5}),
    ("neck tight 5", {"region": Region.NECK_SHOULDER, "kind": Kind.STIFFNESS, "intensity": 5}),
    (
        "hand cramp 4 while writing 30 sec",
        {
            "region": Region.ARM_HAND,
            "kind": Kind.CRAMP,
            "intensity": 4,
            "duration_seconds": 30,
            "trigger_text": "writing",
            "triggers": [],
        },
    ),
    (
        "fingers cramping 3, 45s",
        {"region": Region.ARM_HAND, "kind": Kind.CRAMP, "intensity": 3, "duration_seconds": 45},
    ),
    (
        "belly spasm 6 after coffee",
        {
            "region": Region.ABDOMEN,
            "intensity": 6,
            "triggers": [Trigger.CAFFEINE_ALCOHOL],
            "trigger_text": "coffee",
        },
    ),
    ("tummy cramp 4", {"region": Region.ABDOMEN, "intensity": 4}),
    ("jaw cramp 5", {"region": Region.JAW_FACE, "kind": Kind.CRAMP, "intensity": 5}),
    ("R thigh 8/10", {"region": Region.THIGH_FRONT, "side": Side.RIGHT, "intensity": 8}),
    ("front of thigh cramp 6", {"region": Region.THIGH_FRONT, "intensity": 6}),
    (
        "clonus left ankle 5 about 20 seconds",
        {
            "region": Region.FOOT,
            "side": Side.LEFT,
            "kind": Kind.TWITCH,
            "intensity": 5,
            "duration_seconds": 20,
        },
    ),
    ("wrist spasm 3", {"region": Region.ARM_HAND, "intensity": 3}),
    ("arch of my foot cramping 6", {"region": Region.FOOT, "kind": Kind.CRAMP, "intensity": 6}),
    ("calf cramp a few seconds", {"region": Region.CALF, "duration_seconds": None, "intensity": None}),
    ("calf cramp 7 won't stop", {"intensity": 7, "ongoing": True}),
    ("calf 7 in my sleep", {"intensity": 7, "nocturnal": True}),
    (
        "groin spasm 5 after sitting for 3 hours",
        {
            "intensity": 5,
            "duration_seconds": None,
            "triggers": [Trigger.POSTURE],
            "trigger_text": "sitting for 3 hours",
        },
    ),
    ("calf 7 stress", {"triggers": [Trigger.STRESS], "intensity": 7}),
    ("calf cramp 6 dehydrated", {"triggers": [Trigger.DEHYDRATION]}),
    ("calf cramp 6 so thirsty", {"triggers": [Trigger.DEHYDRATION]}),
    (
        "cramp 7 in calf after a long walk, massage helped",
        {
            "region": Region.CALF,
            "intensity": 7,
            "triggers": [Trigger.EXERCISE],
            "trigger_text": "a long walk",
            "relief": [Relief.MASSAGE],
            "relief_helped": Helped.YES,
        },
    ),
    (
        "spasms 6/10 legs, UTI",
        {
            "region": Region.WHOLE_LEG,
            "side": Side.BOTH,
            "kind": Kind.SPASM,
            "intensity": 6,
            "triggers": [Trigger.INFECTION],
        },
    ),
    ("leg spasms 5 got the flu", {"triggers": [Trigger.INFECTION]}),
    ("calf cramp 7 tight socks", {"kind": Kind.CRAMP, "triggers": [Trigger.TIGHT_CLOTHING]}),
    ("calf cramp 6 after 2 glasses of wine", {"triggers": [Trigger.CAFFEINE_ALCOHOL], "intensity": 6}),
    ("belly cramp 5 constipated", {"triggers": [Trigger.CONSTIPATION_BLADDER]}),
    ("calf spasm 6 new meds", {"triggers": [Trigger.NEW_MEDICATION]}),
    ("calf 6 in the heat", {"triggers": [Trigger.HEAT]}),
    ("calf cramp 7 after a cold shower", {"triggers": [Trigger.COLD], "relief": []}),
    ("calf 5 really tired", {"symptoms": [Symptom.FATIGUE], "triggers": []}),
    ("calf cramp 5 because I was so tired", {"triggers": [Trigger.FATIGUE], "symptoms": []}),
    ("hamstring twitching 3 pins and needles", {"symptoms": [Symptom.TINGLING]}),
    ("left calf 8 painful and numb", {"symptoms": [Symptom.PAIN, Symptom.NUMBNESS]}),
    ("legs weak and tingly, spasm 6", {"symptoms": [Symptom.TINGLING, Symptom.WEAKNESS], "intensity": 6}),
    ("calf 5 no pain", {"symptoms": [], "intensity": 5}),
    ("calf cramp 6 out of nowhere", {"triggers": [Trigger.UNKNOWN], "trigger_text": None}),
    ("cramp 8 right calf stood up and walked it off", {"side": Side.RIGHT, "relief": [Relief.WALKING]}),
    (
        "after stretching in bed calf cramp 8",
        {"triggers": [Trigger.STRETCHING_MOVING], "relief": [], "intensity": 8},
    ),
    (
        "calf cramp 8, stopped after stretching",
        {"triggers": [], "relief": [Relief.STRETCHING], "relief_helped": Helped.YES},
    ),
    ("sore calf 3 rubbed it", {"relief": [Relief.MASSAGE], "symptoms": [Symptom.PAIN], "intensity": 3}),
    ("calf cramp 9 ice pack helped a little", {"relief": [Relief.COLD], "relief_helped": Helped.PARTLY}),
    ("calf cramp 8 heat pack, nothing helped", {"relief": [Relief.HEAT], "relief_helped": Helped.NO}),
    ("calf 7 10 min, still going", {"duration_seconds": 600, "ongoing": True, "intensity": 7}),
    (
        "cramp in both feet 6 full bladder",
        {"region": Region.FOOT, "side": Side.BOTH, "triggers": [Trigger.CONSTIPATION_BLADDER]},
    ),
    ("3 calf cramps tonight, worst 8/10", {"intensity": 8, "region": Region.CALF}),
    ("2 calf cramps", {"intensity": None, "region": Region.CALF}),
    ("calf cramp, about a 7", {"intensity": 7}),
    ("sholder spasm 5", {"region": Region.NECK_SHOULDER, "intensity": 5}),
    ("stomache cramp 4", {"region": Region.ABDOMEN, "intensity": 4}),
    ("spsam left calf 7", {"kind": Kind.SPASM, "side": Side.LEFT, "intensity": 7}),
    ("crmap calf 8", {"kind": Kind.CRAMP, "intensity": 8}),
    ("calfs cramping 6", {"region": Region.CALF, "side": Side.BOTH}),
    ("left and right calf 6", {"side": Side.BOTH, "region": Region.CALF}),
    ("calf cramp in my left leg 6", {"region": Region.CALF, "side": Side.LEFT}),
    ("cramp right after dinner calf 6", {"side": None, "region": Region.CALF}),
    ("twitchy legs 3 for 2 or 3 minutes", {"kind": Kind.TWITCH, "duration_seconds": 150}),
    ("CALF CRAMP 7/10!!!", {"region": Region.CALF, "kind": Kind.CRAMP, "intensity": 7}),
    ("calf cramp 10mg baclofen 4", {"intensity": None}),
    ("calf 5 1:30 min", {"intensity": 5, "duration_seconds": 90}),
    ("Calf cramp 7 for 2 minutes", {"intensity": 7, "duration_seconds": 120}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_parses_the_fields_the_line_states(text: str, expected: dict[str, Any]) -> None:
    assert_fields(parse(text), expected)


@pytest.mark.parametrize(
    "text",
    [
        "calf cramp",  # region and kind but no number: intensity stays unknown
        "mild calf cramp",
        "bad cramp in my calf",
        "severe spasm left leg",
    ],
)
def test_never_invents_an_intensity(text: str) -> None:
    assert parse(text).draft.intensity is None


@pytest.mark.parametrize(
    "text", ["cramp 7", "spasm 6/10 2 min", "back spasm 6", "bad spasm in my back 7", "twitching 3"]
)
def test_never_invents_a_region_but_keeps_the_intensity(text: str) -> None:
    result = parse(text)
    assert result.draft.region is None
    assert result.draft.intensity is not None
    assert result.looks_like_episode


def test_no_time_means_now_in_the_users_zone() -> None:
    started = parse("calf 7").draft.started_at
    assert started == NOW_LOCAL
    assert started is not None and started.tzinfo == BERLIN
    assert "started_at" not in parse("calf 7").understood


def test_nocturnal_is_false_by_day_and_true_in_the_sleep_window() -> None:
    assert parse("calf 7").draft.nocturnal is False
    assert parse("calf 7", now=berlin(2026, 5, 14, 3, 10)).draft.nocturnal is True
    early_sleeper = parse(
        "calf 7", now=berlin(2026, 5, 14, 3, 10), sleep_start=time(0, 0), sleep_end=time(3, 0)
    )
    assert early_sleeper.draft.nocturnal is False


# --- time phrases -----------------------------------------------------------------------------

TIME_CASES = [
    ("calf cramp 7 yesterday evening", berlin(2026, 5, 13, 19, 30)),  # middle of 17:00-22:00
    ("calf 6 at 11pm last night", berlin(2026, 5, 13, 23, 0)),
    ("calf 6 last night at 2", berlin(2026, 5, 14, 2, 0)),
    ("calf 6 last night at 11", berlin(2026, 5, 13, 23, 0)),
    ("calf 7 on monday night", berlin(2026, 5, 12, 2, 30)),  # night of Mon 11th, middle 02:30
    ("calf 7 sunday at 15:00", berlin(2026, 5, 10, 15, 0)),
    ("foot cramp 5 2 days ago", berlin(2026, 5, 12, 9, 30)),
    ("calf 7 this morning", berlin(2026, 5, 14, 8, 15)),  # middle of 07:00-09:30
    ("calf cramp 8 at 3", berlin(2026, 5, 14, 3, 0)),  # the most recent 3 o'clock
    ("calf cramp 8 at 9", berlin(2026, 5, 14, 9, 0)),
    ("calf cramp 8 at 10", berlin(2026, 5, 13, 22, 0)),  # 10:00 is still to come: 22:00 yesterday
    ("calf cramp 8 at midnight", berlin(2026, 5, 14, 0, 0)),
    ("calf 7 about 5 min ago", berlin(2026, 5, 14, 9, 25)),
    ("calf 7 half an hour ago", berlin(2026, 5, 14, 9, 0)),
    ("calf 7 an hour ago", berlin(2026, 5, 14, 8, 30)),
    ("calf 7 2h ago", berlin(2026, 5, 14, 7, 30)),
    ("calf 7 at 6:45 am", berlin(2026, 5, 14, 6, 45)),
    ("calf 7 woke me at 4 in the morning", berlin(2026, 5, 14, 4, 0)),
    ("calf 7 around 2.30am", berlin(2026, 5, 14, 2, 30)),
    ("calf 7 at half past 4", berlin(2026, 5, 14, 4, 30)),
    ("calf 7 the day before yesterday", berlin(2026, 5, 12, 9, 30)),
    ("calf 7 on 2026-05-10 at 21:00", berlin(2026, 5, 10, 21, 0)),
    ("calf 7 on 10 may at 21:00", berlin(2026, 5, 10, 21, 0)),
    ("calf cramp 7 yday 23:30", berlin(2026, 5, 13, 23, 30)),
]


@pytest.mark.parametrize(("text", "expected"), TIME_CASES, ids=[text for text, _ in TIME_CASES])
def test_start_times(text: str, expected: datetime) -> None:
    result = parse(text)
    assert result.draft.started_at == expected
    assert "started_at" in result.understood


def test_a_clock_time_later_today_is_not_put_in_the_future() -> None:
    started = parse("calf 7 today at 23:00").draft.started_at
    assert started == NOW_LOCAL


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (berlin(2026, 5, 14, 2, 0), berlin(2026, 5, 14, 0, 0)),  # night still going: middle of 22:00-02:00
        (berlin(2026, 5, 14, 6, 30), berlin(2026, 5, 14, 2, 15)),
        (berlin(2026, 5, 14, 23, 0), berlin(2026, 5, 14, 2, 30)),  # typed at 23:00: the night before
    ],
)
def test_last_night_after_midnight_and_in_the_evening(typed: datetime, expected: datetime) -> None:
    draft = parse("calf cramp 7 last night", now=typed).draft
    assert draft.started_at == expected
    assert draft.started_at is not None and night_of(draft.started_at, time(7, 0)) == date(2026, 5, 13)
    assert draft.nocturnal is True


@pytest.mark.parametrize(
    ("now", "tz", "expected_utc"),
    [
        (
            datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
            BERLIN,
            datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        ),  # 03:00 CEST
        (
            datetime(2026, 10, 25, 8, 0, tzinfo=UTC),
            BERLIN,
            datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
        ),  # 02:00 CET
        (
            datetime(2026, 3, 8, 13, 0, tzinfo=UTC),
            NEW_YORK,
            datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
        ),  # 03:00 EDT
    ],
)
def test_last_night_on_dst_nights(now: datetime, tz: ZoneInfo, expected_utc: datetime) -> None:
    draft = parse("hamstring 5/10 30s last night", now=now, tz=tz).draft
    assert_same_instant(draft.started_at, expected_utc)
    assert draft.started_at is not None and draft.started_at.tzinfo == tz


def test_hours_ago_counts_real_time_across_a_dst_change() -> None:
    # 04:30 CEST on 29 March 2026 is 02:30 UTC; two real hours earlier is 00:30 UTC = 01:30 CET.
    draft = parse("calf 7 2 hours ago", now=datetime(2026, 3, 29, 2, 30, tzinfo=UTC)).draft
    assert_same_instant(draft.started_at, datetime(2026, 3, 29, 0, 30, tzinfo=UTC))


def test_a_clock_time_in_the_spring_gap_moves_forward() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026; it is read as 03:30 CEST.
    draft = parse("calf 7 woke me at 2:30am", now=datetime(2026, 3, 29, 7, 0, tzinfo=UTC)).draft
    assert_same_instant(draft.started_at, datetime(2026, 3, 29, 1, 30, tzinfo=UTC))


def test_a_repeated_clock_time_in_autumn_is_the_first_one() -> None:
    draft = parse("calf 7 at 2:30am", now=datetime(2026, 10, 25, 8, 0, tzinfo=UTC)).draft
    assert_same_instant(draft.started_at, datetime(2026, 10, 25, 0, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("now", "hours"),
    [(datetime(2026, 3, 29, 8, 0, tzinfo=UTC), 8), (datetime(2026, 10, 25, 8, 0, tzinfo=UTC), 10)],
)
def test_all_night_from_a_start_lasts_the_real_length_of_a_dst_night(now: datetime, hours: int) -> None:
    draft = parse("leg jerks 4 from 10pm all night", now=now).draft
    assert draft.duration_seconds == hours * 3600  # 22:00 to 07:00 on the wall clock, real hours
    assert draft.nocturnal is True
    assert draft.kind is Kind.TWITCH


def test_all_night_without_a_start_is_no_duration() -> None:
    draft = parse("leg jerks 4 all night", now=datetime(2026, 3, 29, 8, 0, tzinfo=UTC)).draft
    assert draft.duration_seconds is None and draft.nocturnal is True


@pytest.mark.parametrize(
    ("line", "side"),
    [
        ("calf cramp after 25k long run, right, 7/10, 3 mins", "right"),
        ("calf cramp left 5/10", "left"),
        ("shoulder blade spasm, left, 3/10, 10 mins, this morning", "left"),
    ],
)
def test_a_side_after_the_kind_word_is_kept(line: str, side: str) -> None:
    assert str(parse(line).draft.side) == side


def test_minutes_later_is_not_a_duration() -> None:
    assert parse("20 minutes later the right one too").draft.duration_seconds is None


@pytest.mark.parametrize(("line", "hour"), [("calf 6/10 yesterday arvo", 15), ("calf 6/10 after lunch", 15)])
def test_afternoon_words_place_the_start(line: str, hour: int) -> None:
    started = parse(line, now=datetime(2026, 5, 14, 18, 0, tzinfo=UTC)).draft.started_at
    assert started is not None and abs(started.hour - hour) <= 1


def test_woke_me_without_a_time_typed_by_day_is_placed_last_night() -> None:
    draft = parse("both calves 7 woke me").draft
    assert draft.started_at == berlin(2026, 5, 14, 2, 30)
    assert draft.nocturnal is True


def test_woke_me_typed_during_the_night_is_now() -> None:
    typed = berlin(2026, 5, 14, 3, 10)
    result = parse("both calves 7 woke me", now=typed)
    assert result.draft.started_at == typed
    assert "started_at" not in result.understood


# --- is it a report at all? ---------------------------------------------------------------------

NOT_EPISODES = [
    "why do I get cramps at night?",
    "why do my legs cramp at night?",
    "what is baclofen",
    "what is baclofen?",
    "how much water should I drink",
    "thanks",
    "thank you!",
    "hi",
    "hello there",
    "good morning",
    "good night",
    "ok",
    "is magnesium good for cramps?",
    "can stretching help calf cramps",
    "no cramps last night!",
    "I didn't have any spasms today",
    "I always get cramps at night",
    "my legs usually cramp after running",
    "does quinine work",
    "remind me at 9pm",
    "what should I do when my calf cramps?",
    "how long do spasms last",
    "any tips for night cramps",
    "is 7/10 a bad cramp?",
    "cramp free night",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_EPISODES)
def test_questions_and_chat_are_not_episodes(text: str) -> None:
    assert parse(text).looks_like_episode is False


@pytest.mark.parametrize(
    "text",
    [
        "calf 7",
        "7/10",
        "cramp woke me up",
        "left calf cramp last night",
        "spasm 2 min",
        "calf cramp 7/10, is that normal?",
        "when I stretched in bed my calf cramped 8",
        "calf cramp right now",
    ],
)
def test_reports_are_episodes(text: str) -> None:
    assert parse(text).looks_like_episode is True


def test_understood_lists_filled_fields_in_draft_order() -> None:
    result = parse("left calf cramp 7 for 2 min last night after gardening, stretched, helped")
    assert result.understood == (
        "started_at",
        "nocturnal",
        "kind",
        "region",
        "side",
        "intensity",
        "duration_seconds",
        "triggers",
        "trigger_text",
        "relief",
        "relief_helped",
    )


# --- robustness ---------------------------------------------------------------------------------


def _strict(text: str, now: datetime, tz: ZoneInfo, sleep_start: time, sleep_end: time) -> ParseResult:
    # The private, unguarded parser: the public one swallows errors, which would hide them here.
    return parse_module._parse(
        text, now_local=now.astimezone(tz), tz=tz, sleep_start=sleep_start, sleep_end=sleep_end
    )


ZONES = st.sampled_from(
    [BERLIN, NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kathmandu")]
)
NOWS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC))
_VOCAB_TEXT = (
    "calf left right both legs l r cramp spasm stiff twitch 7 10 3 0 11 6.5 /10 out of ten min mins s sec "
    "seconds hour h ago at am pm 3am 23:30 2:30 last night yesterday tonight this morning all morning woke me "
    "after during gardening hot bath helped didn't help stretched still going for a few couple of half an - , . "
    "? ! monday may 5 march 2026-03-29 midnight noon o'clock quarter past to intensity level 12:00 1h30 1m30s"
)
VOCAB = _VOCAB_TEXT.split()
VOCAB_LINES = st.lists(st.sampled_from(VOCAB), max_size=14).map(" ".join)


def _check_invariants(result: ParseResult, now: datetime, tz: ZoneInfo) -> None:
    draft = result.draft
    assert draft.intensity is None or 0 <= draft.intensity <= 10
    assert draft.duration_seconds is None or draft.duration_seconds >= 0
    assert draft.started_at is not None and draft.started_at.tzinfo == tz
    assert draft.started_at.astimezone(UTC) <= now.astimezone(UTC) + timedelta(seconds=1)
    assert isinstance(draft.nocturnal, bool)
    assert isinstance(result.looks_like_episode, bool)


@settings(max_examples=250, deadline=None)
@given(text=st.text(max_size=300), now=NOWS, tz=ZONES, start=st.times(), end=st.times())
def test_never_raises_on_any_text(text: str, now: datetime, tz: ZoneInfo, start: time, end: time) -> None:
    _check_invariants(_strict(text, now, tz, start, end), now, tz)


@settings(max_examples=400, deadline=None)
@given(text=VOCAB_LINES, now=NOWS, tz=ZONES, start=st.times(), end=st.times())
def test_invariants_hold_on_report_like_noise(
    text: str, now: datetime, tz: ZoneInfo, start: time, end: time
) -> None:
    _check_invariants(_strict(text, now, tz, start, end), now, tz)


def test_naive_now_is_taken_as_utc() -> None:
    assert parse("calf 7", now=NOW.replace(tzinfo=None)).draft.started_at == NOW_LOCAL


def test_a_parser_bug_returns_an_empty_draft_and_logs_no_text(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str, **_: Any) -> ParseResult:
        raise ValueError(f"cannot parse {text}")

    monkeypatch.setattr(parse_module, "_parse", broken)
    with caplog.at_level(logging.ERROR):
        result = parse("secret calf 7")
    assert result.looks_like_episode is False
    assert result.draft.started_at == NOW_LOCAL
    assert "ValueError" in caplog.text
    assert "secret" not in caplog.text
