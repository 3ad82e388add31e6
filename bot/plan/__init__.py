"""The person's own plan: medicines and doses, appointments, questions for the clinician, exercises.

Plain values in and out (no Telegram). The bot records what the person tells it; it never suggests
a medicine, a dose or a change (every text about medicines sends them to their prescriber)."""
