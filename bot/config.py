"""Settings from the environment and `.env`, validated once at start.

A bad setting must stop the start with one clear line (see `load_settings`), never a traceback,
and the token must never be printed: it is a SecretStr and is left out of every message.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.content_files import content_dir

TELEGRAM_API_DEFAULT = "https://api.telegram.org/bot"
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_BOT_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")


class Mode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class SettingsError(Exception):
    """One line naming the setting and what is wrong with it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API_DEFAULT
    database_url: str = "sqlite:///data/spasm-diary.sqlite3"
    mode: Mode = Mode.POLLING
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"  # behind a TLS proxy on the same host; 0.0.0.0 only on purpose
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    default_timezone: str = "UTC"
    content_dir: Path = Field(default_factory=content_dir)
    # Health and Prometheus metrics on this port (off when unset); see README "Running for an organisation".
    metrics_port: int | None = Field(default=None, ge=0, le=65535)
    metrics_listen: str = "127.0.0.1"
    # Telegram's send limits (see bot/sendbudget.py and the README): the bot keeps below them.
    telegram_send_rate: float = Field(default=29.0, ge=0, le=1000)  # per rolling second; 0 = unlimited
    telegram_chat_rate: float = Field(default=1.0, ge=0, le=100)  # sustained, into one chat; 0 = off
    telegram_chat_burst: int = Field(default=20, ge=1, le=1000)
    reminder_send_share: float = Field(default=0.3, ge=0.05, le=0.9)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not _BOT_TOKEN_RE.match(value.get_secret_value().strip()):
            # Never echo the value: it is a secret even when malformed.
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if value.startswith(("postgresql://", "postgres://")):
            return value
        if not value.startswith("sqlite:///") or len(value) <= len("sqlite:///"):
            raise ValueError("must look like sqlite:///path/to/file.sqlite3 or postgresql://user@host/db")
        return value

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _metrics_port(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone name such as Europe/Berlin") from None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not _SECRET_TOKEN_RE.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs(self) -> Settings:
        if self.mode is Mode.WEBHOOK:
            if not self.webhook_url or not self.webhook_url.startswith("https://"):
                raise ValueError("WEBHOOK_URL: webhook mode needs a public https:// URL")
            if self.webhook_secret is None:
                raise ValueError("WEBHOOK_SECRET: webhook mode needs a secret token")
        return self

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def database_path(self) -> Path:
        """The SQLite file (only meaningful when DATABASE_URL is sqlite:///…)."""
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's report into one readable line (SettingsError)."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(_first_problem(exc)) from None


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors(include_input=False)[0]
    location = "_".join(str(part) for part in error.get("loc", ())).upper()
    message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
    if location:
        return f"{location}: {message}"
    return message
