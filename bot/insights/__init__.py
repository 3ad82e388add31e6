"""Insights from the diary: pure domain code (no Telegram, no database), plain values in and out.

- `model` — inputs (`Adherence`, `SleepWindow`, `Period`) and the local-time rules every module follows.
- `stats` — `period_bounds`, `summarize`, `compare`, `format_summary_text` (the short chat summary).
- `scores` — Spasm Frequency Score per day, a PSFS-style frequency estimate, ≥ 30% change flags.
- `explore` — exploratory patterns (bedtime stretch, water reminders, triggers), gated on minimum data.
- `charts` — PNG charts (matplotlib `Figure` + Agg, thread-safe).
- `report` — `build_report_pdf`, the clinician PDF (fpdf2).

Charts and the PDF are CPU work: call them from a thread executor, never on the event loop.
Submodules are imported explicitly so that `import bot.insights` does not pull in matplotlib.
"""
