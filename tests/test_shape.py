"""The shape issue 10 asked for, checked rather than hoped for: handler modules stay small (Telegram I/O
only) and no function grows past what a reader takes in at once."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDLER_MODULE_MAX_LINES = 300
FUNCTION_MAX_LINES = 50


def _sources(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py"))


def _docstring_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """A function's docstring is documentation, not length to read through (an options table says why)."""
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return (first.end_lineno or first.lineno) - first.lineno + 1
    return 0


def test_every_handlers_module_is_small() -> None:
    sizes = {path.relative_to(ROOT): len(path.read_text().splitlines()) for path in _sources("handlers")}
    assert sizes, "no handler modules found"
    too_long = {str(path): size for path, size in sizes.items() if size > HANDLER_MODULE_MAX_LINES}
    assert not too_long, too_long


def test_no_function_is_longer_than_a_screen() -> None:
    long_ones: list[str] = []
    for path in _sources("bot", "handlers"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1 - _docstring_lines(node)
                if length > FUNCTION_MAX_LINES:
                    long_ones.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert not long_ones, long_ones
