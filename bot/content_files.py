"""Where the curated content/ folder is, for an installed wheel and a source checkout alike.

The wheel ships content/ as package data under the name `spasm_diary_content` (see setup.py), so
`importlib.resources` finds it wherever the package is installed, whatever the working directory.
A source checkout that was never installed falls back to the folder next to `bot/`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

CONTENT_PACKAGE = "spasm_diary_content"


@cache
def content_dir() -> Path:
    try:
        found = resources.files(CONTENT_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "content"
    # Installed packages are plain folders (never zipped), so the resource is a real path.
    return Path(str(found))
