"""A normal (non-editable) install finds its content: build the wheel, install it into a fresh
virtualenv, and run the piped offline demo from a directory that is not the checkout.

Offline and honest about dependencies: only the wheel is installed (`--no-index --no-deps`); the
third-party libraries are reused from the test interpreter's site-packages through a plain `.pth`
path line. Plain path lines do not run the checkout's editable-install hook, so `bot`, `handlers`
and the content can only come from the wheel (the test checks where `bot` was imported from).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "handlers", "content", "setup.py", "pyproject.toml", "README.md")


def _copy_sources(target: Path) -> None:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=240,
        env={"PATH": "/usr/bin:/bin", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def test_wheel_installed_in_a_fresh_venv_runs_the_demo_from_anywhere(tmp_path: Path) -> None:
    source = tmp_path / "src"
    _copy_sources(source)
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), "."],
        cwd=source,
    )
    wheel = next(wheels.glob("spasm_diary-*.whl"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
        ).stdout.strip()
    )
    (purelib / "reused_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=tmp_path,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([str(python), "-c", "import bot, spasm_diary_content; print(bot.__file__)"], elsewhere)
    assert where.stdout.strip().startswith(str(purelib)), where.stdout
    demo = _run(
        [str(python), "-m", "bot", "demo"], elsewhere, stdin="/start\nEurope/Berlin\n1\n/faq\n/help\n"
    )
    assert "During a cramp" in demo.stdout  # FAQ topics come from the installed content
    assert "Time zone set: Europe/Berlin" in demo.stdout
    assert "/remind" in demo.stdout and "Demo ended." in demo.stdout
