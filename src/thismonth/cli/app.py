"""Entry point: the ``thismonth`` group, verb registration and error rendering."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from functools import cached_property
from typing import Any

import click

from thismonth import __version__
from thismonth.errors import ThisMonthError

# Each verb's one-line help, so that ``thismonth --help`` lists the verbs without
# importing them (a verb's module brings its whole pipeline stage: the site builder,
# httpx...). tests/test_cli.py checks that each line is the verb's own docstring.
VERBS: dict[str, str] = {
    "build": "Build the newsletter's website into OUTPUT (public/ by default).",
    "cache": "Inspect or empty the GitHub activity cache (.thismonth/ beside the config).",
    "candidates": "List the candidates of every [[sections]] entry for MONTH, with source, "
    "date, score and why.",
    "check": "Check issue files: front matter, comments, placeholders, TODOs, unfinished "
    "sentences, empty sections, headings, links, duplicate and out-of-month PRs, spelling.",
    "clone": "Mirror ORG's repositories with their pull refs into --into; again, fetch what "
    "is new.",
    "collect": "Print the merged PRs of one clone for MONTH, with a thanks line, as Markdown.",
    "draft": "Draft the issue of MONTH (YYYY-MM) from the repositories' activity.",
    "email": "Write the issue of MONTH (YYYY-MM) as an HTML e-mail and a plain-text e-mail.",
    "init": "Write a config learned from the published issues (--archive) or for the clones "
    "under --repos, and optionally CI workflows.",
    "policy": "Inspect the editorial policy: the config's rules and the habits learned from the archive.",
    "publish": "Publish the issue of MONTH: set its date, remove the editors' notes, run "
    "check, and create the next month's draft.",
    "section": "Contributed sections: one file per outside author, beside the issue.",
    "serve": "Serve a live preview of the site; pages reload when an issue is saved.",
    "snapshot": "Save a month's activity to a file, to draft from it offline "
    "(--source snapshot:FILE).",
    "watch": "Read the sections' feeds now and remember their entries (run it weekly).",
}


class _Stderr:
    """The diagnostics console, made on first use: rich costs start-up that ``--help``
    and a quiet run never need."""

    @cached_property
    def console(self) -> Any:
        from rich.console import Console  # lazy: start-up

        return Console(stderr=True, highlight=False, soft_wrap=True)

    def print(self, *args: Any, **kwargs: Any) -> None:
        self.console.print(*args, **kwargs)


stderr = _Stderr()


def verb_modules() -> list[str]:
    """The verbs: one module each under ``cli/commands`` (listing them imports none)."""
    from thismonth.cli import commands

    names = (m.name for m in pkgutil.iter_modules(commands.__path__))
    return sorted(n for n in names if not n.startswith("_"))


class _LazyGroup(click.Group):
    """Imports a verb's module only when that verb runs (or its help is asked for)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return verb_modules()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in verb_modules():
            return None
        module = importlib.import_module(f"thismonth.cli.commands.{cmd_name}")
        command = getattr(module, "command", None)
        return command if isinstance(command, click.Command) else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(n) for n in names), default=0)
        rows = []
        for name in names:
            if name in VERBS:
                rows.append((name, click.Command(name, help=VERBS[name]).get_short_help_str(limit)))
            elif (command := self.get_command(ctx, name)) is not None:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="thismonth")
def cli() -> None:
    """Draft a community's monthly newsletter from what happened in its repositories."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors become one line each on stderr and an exit status."""
    try:
        cli.main(args=argv, prog_name="thismonth", standalone_mode=False)
    except ThisMonthError as exc:
        for line in exc.lines():
            stderr.print(f"[bold red]error:[/] {_escape(line)}", markup=True, highlight=False)
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


def _escape(text: str) -> str:
    from rich.markup import escape  # lazy: start-up

    return escape(text)
