"""Keep the dialogues on one xdist worker: they run all at once against one bot there."""

from __future__ import annotations

import pytest
from _pytest.nodeid import NodeId


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` sends the tests of one `xdist_group` to one worker by adding "@group" to
    their node ids; pytest-xdist 3.8 sets the old `_nodeid`, which pytest 9 no longer reads (it keeps
    `_id`), so without this each worker would start its own bot and run every dialogue again."""
    if not config.getoption("loadgroup", default=False):
        return
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark is None or "@" in item.nodeid.rsplit("]", 1)[-1]:
            continue
        item._id = NodeId.parse(f"{item.nodeid}@{mark.args[0]}")
