"""Versioned schema. Each migration is a list of statements applied in one transaction;
`PRAGMA user_version` (SQLite) or the `schema_version` table (PostgreSQL) records how far a
database has come. Never edit a released migration: append a new one, here and, with the same
number, in bot/storage/pg_schema.py. Every table that holds anything about a user has a `user_id` column so that
/forget can be checked by scanning the whole database."""

from __future__ import annotations

import logging

from bot.storage.db import Database
from bot.storage.pg_schema import PG_MIGRATIONS

log = logging.getLogger(__name__)

MIGRATIONS: list[list[str]] = [
    # 1: foundation — users, conversation state, per-user flow data, processed updates.
    [
        """CREATE TABLE users (
            user_id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            timezone TEXT,
            sleep_start TEXT NOT NULL DEFAULT '22:00',
            sleep_end TEXT NOT NULL DEFAULT '07:00',
            onboarded INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            created_at_utc TEXT NOT NULL,
            updated_at_utc TEXT NOT NULL
        )""",
        """CREATE TABLE conversations (
            name TEXT NOT NULL,
            conv_key TEXT NOT NULL,
            user_id INTEGER NOT NULL,
            state TEXT NOT NULL,
            updated_at_utc TEXT NOT NULL,
            PRIMARY KEY (name, conv_key)
        )""",
        "CREATE INDEX conversations_user ON conversations(user_id)",
        """CREATE TABLE user_data (
            user_id INTEGER PRIMARY KEY,
            data TEXT NOT NULL,
            updated_at_utc TEXT NOT NULL
        )""",
    ],
    # 2: the episode log.
    [
        """CREATE TABLE episodes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            client_key TEXT NOT NULL,
            started_at_utc TEXT NOT NULL,
            timezone TEXT NOT NULL,
            nocturnal INTEGER NOT NULL,
            kind TEXT,
            region TEXT NOT NULL,
            side TEXT,
            intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
            duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
            ongoing INTEGER NOT NULL DEFAULT 0,
            triggers TEXT NOT NULL DEFAULT '',
            trigger_text TEXT,
            symptoms TEXT NOT NULL DEFAULT '',
            relief TEXT NOT NULL DEFAULT '',
            relief_helped TEXT,
            notes TEXT,
            logged_at_utc TEXT NOT NULL,
            edited_at_utc TEXT,
            UNIQUE (user_id, client_key)
        )""",
        "CREATE INDEX episodes_user_started ON episodes(user_id, started_at_utc)",
    ],
    # 3: 👍/👎 on FAQ answers, for the people who curate content.
    [
        """CREATE TABLE faq_feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            helpful INTEGER NOT NULL,
            created_at_utc TEXT NOT NULL,
            UNIQUE (user_id, entry_id)
        )""",
    ],
    # 4: reminders — one row per user and kind with its next due instant (one dispatcher job scans
    # them; no scheduler job per reminder), what people did with them, and morning night reports.
    [
        "ALTER TABLE users ADD COLUMN reminders_paused_until_utc TEXT",
        """CREATE TABLE reminders (
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            times TEXT NOT NULL DEFAULT '',
            interval_minutes INTEGER,
            window_start TEXT,
            window_end TEXT,
            enabled INTEGER NOT NULL DEFAULT 1,
            next_due_utc TEXT,
            last_sent_utc TEXT,
            sent_count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, kind)
        )""",
        "CREATE INDEX reminders_due ON reminders(next_due_utc) WHERE next_due_utc IS NOT NULL",
        """CREATE TABLE reminder_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            event TEXT NOT NULL,
            local_date TEXT NOT NULL,
            at_utc TEXT NOT NULL
        )""",
        "CREATE INDEX reminder_events_user ON reminder_events(user_id, local_date)",
        """CREATE TABLE night_reports (
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            night_of TEXT NOT NULL,
            answer TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            PRIMARY KEY (user_id, night_of)
        )""",
    ],
    # 5: the person's plan (bot/plan): medicines with their change history, doses and reminder
    # answers, appointments, questions for the clinician, exercises and which were done.
    [
        """CREATE TABLE medicines (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            known_name TEXT,
            how_text TEXT,
            times TEXT NOT NULL DEFAULT '',
            as_needed INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active',
            started_on TEXT NOT NULL,
            stopped_on TEXT,
            created_at_utc TEXT NOT NULL,
            updated_at_utc TEXT NOT NULL
        )""",
        "CREATE INDEX medicines_user ON medicines(user_id)",
        """CREATE TABLE medicine_changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            medicine_id INTEGER NOT NULL REFERENCES medicines(id) ON DELETE CASCADE,
            change TEXT NOT NULL,
            on_date TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX medicine_changes_user ON medicine_changes(user_id, at_utc)",
        """CREATE TABLE doses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            medicine_id INTEGER NOT NULL REFERENCES medicines(id) ON DELETE CASCADE,
            client_key TEXT NOT NULL,
            status TEXT NOT NULL,
            taken_at_utc TEXT,
            scheduled_utc TEXT,
            snooze_until_utc TEXT,
            episode_id INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
            logged_at_utc TEXT NOT NULL,
            UNIQUE (user_id, client_key)
        )""",
        "CREATE INDEX doses_user ON doses(user_id, medicine_id)",
        """CREATE TABLE appointments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            at_utc TEXT NOT NULL,
            timezone TEXT NOT NULL,
            with_whom TEXT NOT NULL,
            cancelled INTEGER NOT NULL DEFAULT 0,
            created_at_utc TEXT NOT NULL
        )""",
        "CREATE INDEX appointments_user ON appointments(user_id, at_utc)",
        """CREATE TABLE plan_questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            created_at_utc TEXT NOT NULL
        )""",
        """CREATE TABLE exercises (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            reps TEXT,
            hold TEXT,
            notes TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at_utc TEXT NOT NULL
        )""",
        """CREATE TABLE exercise_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            exercise_id INTEGER NOT NULL REFERENCES exercises(id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            UNIQUE (user_id, exercise_id, local_date)
        )""",
    ],
]

LATEST_VERSION = len(MIGRATIONS)


def migrations_for(db: Database) -> list[list[str]]:
    return PG_MIGRATIONS if db.dialect == "postgresql" else MIGRATIONS


async def schema_version(db: Database) -> int:
    return await db.schema_version()


async def migrate(db: Database, target: int = LATEST_VERSION) -> int:
    """Apply every migration above the database's version, up to `target`. Returns the new version.
    Two instances starting at once take turns (the second finds nothing left to do)."""
    steps = migrations_for(db)
    async with db.migration_lock():
        current = await db.schema_version()
        if current > LATEST_VERSION:
            raise RuntimeError(
                f"database schema version {current} is newer than this code knows ({LATEST_VERSION}); "
                "upgrade the bot instead of running an older version"
            )
        for version in range(current + 1, target + 1):
            async with db.transaction() as tx:
                for statement in steps[version - 1]:
                    await tx.execute(statement)
                await db.set_schema_version(tx, version)
            log.info("database migrated to schema version %d", version)
    return max(current, target)
