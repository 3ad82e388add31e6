"""A stand-in for the Telegram Bot API: one in-memory core, an in-process PTB transport.

The offline demo and fast handler tests use `StandinRequest`; tests/fake_telegram.py serves the same
core over HTTP for end-to-end runs of the real bot process.
"""

from bot.standin.core import FakeBotApi, Files, RecordedCall
from bot.standin.request import StandinRequest
from bot.standin.validation import ApiError

__all__ = ["ApiError", "FakeBotApi", "Files", "RecordedCall", "StandinRequest"]
