"""Entry point: the ``thismonth`` group, verb registration and error rendering."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click
from rich.console import Console
from rich.markup import escape

from thismonth import __version__
from thismonth.errors import ThisMonthError

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="thismonth")
def cli() -> None:
    """Draft a community's monthly newsletter from what happened in its repositories."""


def _register() -> None:
    from thismonth.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"thismonth.cli.commands.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors become one line each on stderr and an exit status."""
    try:
        cli.main(args=argv, prog_name="thismonth", standalone_mode=False)
    except ThisMonthError as exc:
        for line in exc.lines():
            stderr.print(f"[bold red]error:[/] {escape(line)}", markup=True, highlight=False)
        return exc.exit_code
    except click.exceptions.Abort:
        stderr.print("aborted")
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        stderr.print("interrupted")
        return 130
    except BrokenPipeError:
        return 1
    return 0


def run() -> None:
    sys.exit(main())
