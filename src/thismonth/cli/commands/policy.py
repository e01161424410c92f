"""``thismonth policy explain MONTH``: each learned habit with its evidence and override."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from thismonth.cli.app import stderr
from thismonth.cli.options import SourceArgs, config_option, load, parse_month, source_options

if TYPE_CHECKING:  # the use case is imported lazily, for start-up time
    from thismonth.app.learn import Decision, Learning


@click.group("policy")
def command() -> None:
    """Inspect the editorial policy: the config's rules and the habits learned from the archive."""


@command.command("explain")
@click.argument("month")
@config_option
@source_options
@click.option(
    "--archive",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Published issues to learn from (default: newsletter.archive, else the output folder).",
)
def explain_command(
    month: str, config_path: Path | None, sources: SourceArgs, archive: Path | None
) -> None:
    """Show what a draft of MONTH learns from earlier issues, and every decision it makes."""
    from thismonth.app.learn import policy_explain  # lazy: start-up

    config = load(config_path)
    the_month = parse_month(month, config)
    learning, decisions = policy_explain(config, the_month, sources.open(config), archive=archive)
    for warning in learning.warnings:
        stderr.print(f"warning: {warning}", markup=False)
    if learning.learned is None:
        click.echo(f"{the_month}: {learning.note}")
        return
    click.echo(explanation(learning, decisions))


def explanation(learning: Learning, decisions: list[Decision]) -> str:
    """The text of ``policy explain`` and ``draft --explain``."""
    learned = learning.learned
    if learned is None:
        return learning.note
    months = ", ".join(str(m) for m in learned.issues)
    lines = [
        f"Learned for {learned.month} from {len(learned.issues)} issues ({months}) in {learning.archive}:"
    ]
    lines.append("")
    lines.append("Rules (after the config's own rules, before the built-in defaults):")
    if not learned.rules:
        lines.append("  none: the config's and the built-in rules already do what the editors did")
    for rule in learned.rules:
        lines.append(f"  - {rule.sentence()}")
        lines.append(f"    override: {rule.override()}")
    lines.append("")
    lines.append("Settings (where the config states nothing):")
    for value in learned.values:
        where = f" of {value.repo}" if value.repo else ""
        lines.append(f"  - {value.what}{where}: {value.value} ({value.evidence})")
        lines.append(f"    override: {value.override}")
    if learned.below_threshold:
        lines.append("")
        lines.append("Seen but not learned:")
        lines.extend(f"  - {text}" for text in learned.below_threshold)
    if learning.restyled:
        lines.append("")
        lines.append(f"Titles in {learned.month} styled by learned title habits:")
        for r in learning.restyled:
            lines.append(f"  - {r.project}: {r.source} -> {r.shown} ({r.url})")
    lines.append("")
    lines.append(f"Decisions in {learned.month} made by learned rules:")
    if not decisions:
        lines.append("  none")
    for d in decisions:
        verb = "commented out" if d.rule.action == "comment" else "listed"
        lines.append(f"  - {d.project}: {d.entry.title} ({d.entry.url}) {verb}")
        lines.append(f"    because: {d.rule.sentence()}")
    return "\n".join(lines)
