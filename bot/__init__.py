"""Spasm Diary: settings, app factory, storage, scheduling and domain logic."""

import os

# Opt in to python-telegram-bot's future behaviour (durations as timedelta) before telegram is
# imported anywhere, so RetryAfter.retry_after has one type and no deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")
