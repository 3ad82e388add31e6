"""Reminders: rules, when they fire next (DST-safe), the /remind one-liner, and stretching routines.

Import from the modules themselves (`bot.reminders.rules`, `.schedule`, `.parse`, `.routines`, `.model`):
this package file stays empty so that storage can import the reminder models without pulling in
the routines (and through them the FAQ content code).
"""
