"""Callback data of every inline button: each family is built and parsed here, nowhere else.

Telegram allows 64 bytes of callback data, and anyone can send any data with any button press, so
parsing is strict: a family's prefix, a known action, ids and offsets of 1-12 ASCII digits (not
`str.isdigit`, which accepts "²" that `int` then rejects), days as YYYYMMDD. Anything else parses to
None, and the handler answers "This button has expired" without touching data.

Families: `lg:` /log flow, `ep:` a saved entry, `hi:` history page, `fg:` /forget, `rm:` reminders,
`faq:` answers and topics, `tz:` time-zone choice and its undo, `pl:` the plan (medicines, doses,
appointments, questions, exercises), `mn:` the short menu, `it:` "log it or answer it?" for a line that
could be either.

One module per family group (codec.py holds what they share); everything is importable from here.
"""

from handlers.callbacks.answers import *  # noqa: F403
from handlers.callbacks.codec import *  # noqa: F403
from handlers.callbacks.diary import *  # noqa: F403
from handlers.callbacks.plan import *  # noqa: F403
from handlers.callbacks.reminders import *  # noqa: F403
from handlers.callbacks.zones import *  # noqa: F403
