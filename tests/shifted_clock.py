"""`python -m tests.shifted_clock [args]`: the real bot (`python -m bot`) whose clock runs the number of
seconds written in the file $SPASM_TEST_CLOCK_FILE ahead of the wall clock (read at every look at the
clock; no file means no shift). Time still passes at the real rate: a real-clock test only moves the
bot to a few seconds before a whole minute instead of waiting up to a minute for one."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bot import clock

CLOCK_FILE_ENV = "SPASM_TEST_CLOCK_FILE"
_wall_clock_now = clock.SystemClock.now


def _offset() -> timedelta:
    try:
        return timedelta(seconds=float(Path(os.environ[CLOCK_FILE_ENV]).read_text(encoding="utf-8")))
    except (KeyError, OSError, ValueError):
        return timedelta(0)


def _shifted_now(self: clock.SystemClock) -> datetime:
    return _wall_clock_now(self) + _offset()


if __name__ == "__main__":
    clock.SystemClock.now = _shifted_now  # type: ignore[method-assign]  # every Clock of the bot is one
    from bot.__main__ import main

    sys.exit(main(sys.argv[1:]))
