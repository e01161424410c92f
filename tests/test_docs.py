"""Every verb a user can type is documented, as sqlite-utils checks for its CLI."""

from __future__ import annotations

from pathlib import Path

import click

from thismonth.cli.app import cli

ROOT = Path(__file__).parent.parent


def _verbs(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, command in sorted(group.commands.items()):
        out.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            out += _verbs(command, f"{prefix}{name} ")
    return out


def test_every_command_is_in_the_readme_or_docs() -> None:
    text = (ROOT / "README.md").read_text() + "".join(
        p.read_text() for p in (ROOT / "docs").glob("*.md")
    )
    missing = [v for v in _verbs(cli) if f"thismonth {v}" not in text]
    assert missing == []


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, name
