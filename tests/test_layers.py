"""The layering rule import-linter cannot see: no module below the CLI imports one of
thismonth's own modules inside a function (that is how cycles used to be hidden)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "thismonth"


def _nested_own_imports(tree: ast.Module) -> list[int]:
    lines: list[int] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("thismonth")
            ) or (
                isinstance(inner, ast.Import)
                and any(a.name.startswith("thismonth") for a in inner.names)
            ):
                lines.append(inner.lineno)
    return lines


def test_function_level_imports_of_our_own_modules_are_in_the_cli_only() -> None:
    found = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        if "cli" not in path.relative_to(SRC).parts
        for line in _nested_own_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_check_sees_a_nested_import() -> None:
    tree = ast.parse("def f():\n    from thismonth.config import Config\n")
    assert _nested_own_imports(tree) == [2]
