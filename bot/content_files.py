"""Where the curated content/ folder is, for an installed wheel and a source checkout alike.

The wheel ships content/ as package data under the name `spasm_diary_content` (see setup.py), so
`importlib.resources` finds it wherever the package is installed, whatever the working directory.
A source checkout that was never installed falls back to the folder next to `bot/`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

CONTENT_PACKAGE = "spasm_diary_content"


@cache
def content_dir() -> Path:
    try:
        found = resources.files(CONTENT_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "content"
    # Installed packages are plain folders (never zipped), so the resource is a real path.
    return Path(str(found))


# libyaml's parser when PyYAML was built with it (the wheels are): the same safe constructor, with
# the scanning done in C — loading content/ took ~0.45 s of CPU in pure Python, at every start.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """`yaml.safe_load`, faster: raises the same yaml.YAMLError (and ValueError for a bad date)."""
    return yaml.load(text, Loader=_YAML_LOADER)
