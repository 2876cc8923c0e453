"""The size rules of docs/architecture.md: no module over 400 lines, no function over 60
(its decorators included), outside tests and migrations."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "crawler", "spiders", "pipelines", "database", "scoring", "survey", "reports", "evaluation",
    "cli", "farm",
)  # fmt: skip
MODULE_LINES, FUNCTION_LINES = 400, 60


def measured() -> dict[str, int]:
    """Every module over MODULE_LINES and function over FUNCTION_LINES, with its lines."""
    found: dict[str, int] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = path.relative_to(ROOT).as_posix()
            source = path.read_text(encoding="utf-8")
            lines = len(source.splitlines())
            if lines > MODULE_LINES:
                found[name] = lines
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                    length = (node.end_lineno or start) - start + 1
                    if length > FUNCTION_LINES:
                        found[f"{name}:{node.name}"] = length
    return found


def test_no_module_or_function_is_over_the_size_rules() -> None:
    assert measured() == {}, "split them (docs/architecture.md)"
