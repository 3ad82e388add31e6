from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Mode, SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "MODE",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "DEFAULT_TIMEZONE",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults() -> None:
    settings = load_settings()
    assert settings.mode is Mode.POLLING
    assert settings.token is None
    assert settings.database_path == Path("data/spasm-diary.sqlite3")
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"


def test_token_is_secret_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.token == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"MODE": "carrier-pigeon"}, "MODE"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"WEBHOOK_PORT": "seventy"}, "WEBHOOK_PORT"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"MODE": "webhook"}, "WEBHOOK_URL"),
        ({"MODE": "webhook", "WEBHOOK_URL": "https://example.org/hook"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_SECRET": "has spaces!"}, "WEBHOOK_SECRET"),
    ],
)
def test_bad_setting_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], setting: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(setting + ":")
    assert "\n" not in str(caught.value)


def _run_module(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_cli_bad_setting_is_one_line_exit_2(tmp_path: Path) -> None:
    result = _run_module([], {"MODE": "sideways", "TELEGRAM_BOT_TOKEN": TOKEN}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "MODE" in result.stderr and "Traceback" not in result.stderr
    assert TOKEN not in result.stderr + result.stdout


def test_cli_missing_token_is_one_line_exit_2(tmp_path: Path) -> None:
    result = _run_module(["run"], {}, tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def _make_run_arguments() -> list[str]:
    """The arguments `make run` passes to `python -m bot`, read from the Makefile itself."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    command = next(line for line in recipe.splitlines() if "-m bot" in line)
    return command.split("-m bot", 1)[1].split()


def test_make_run_without_token_opens_the_demo_and_reads_piped_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *_make_run_arguments()],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        input="/start\nEurope/Berlin\n1\n/timezone Europe/Berlin\n/help\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "offline demo" in result.stdout
    assert "Time zone set: Europe/Berlin" in result.stdout
    assert "/remind" in result.stdout and "Demo ended." in result.stdout


def test_database_and_metrics_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://spasm@db.example.org:5432/spasm")
    monkeypatch.setenv("METRICS_PORT", "")
    settings = load_settings()
    assert settings.uses_postgres and settings.metrics_port is None
    monkeypatch.setenv("METRICS_PORT", "9108")
    assert load_settings().metrics_port == 9108
    monkeypatch.setenv("METRICS_PORT", "99999")
    with pytest.raises(SettingsError, match="METRICS_PORT"):
        load_settings()
