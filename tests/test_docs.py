"""Every verb a user can type is documented, as sqlite-utils checks for its CLI."""

from __future__ import annotations

from pathlib import Path

import click

from thismonth.cli.app import VERBS, cli

ROOT = Path(__file__).parent.parent


def _commands(group: click.Group) -> dict[str, click.Command]:
    """The group's verbs as a user reaches them (the top group loads them lazily)."""
    ctx = click.Context(group)
    found = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


def _verbs(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, command in sorted(_commands(group).items()):
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
    commands = _commands(cli)
    assert {"draft", "check", "publish", "build"} <= set(commands)
    for name, command in commands.items():
        assert command.help, name


def test_the_lazy_help_lines_are_the_verbs_own() -> None:
    """``thismonth --help`` lists verbs from a table without importing them; it must
    say what each verb's own docstring says, and miss none."""
    commands = _commands(cli)
    assert set(VERBS) == set(commands)
    for name, command in commands.items():
        assert command.get_short_help_str(limit=1000) == VERBS[name], name
