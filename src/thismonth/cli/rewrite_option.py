"""``--rewrite-context MODEL`` and ``--no-rewrite-context``, shared by ``draft`` and
``candidates``: one run's choice over ``[candidates] rewrite_model`` (docs/candidates.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import click

from thismonth.config import Config
from thismonth.errors import UsageError

F = Callable[..., Any]


def rewrite_options(f: F) -> F:
    """Adds the two options; the command receives ``rewrite_model`` and ``no_rewrite``."""
    f = click.option(
        "--no-rewrite-context",
        "no_rewrite",
        is_flag=True,
        help="Ask no language model this time, even if [candidates] rewrite_model is set.",
    )(f)
    return click.option(
        "--rewrite-context",
        "rewrite_model",
        metavar="MODEL",
        default=None,
        help="Also suggest each candidate's context line written by this llm model "
        "(id or alias), marked for review.",
    )(f)


def with_rewrite(config: Config, rewrite_model: str | None, no_rewrite: bool) -> Config:
    """The config with this run's choice of model (or none)."""
    if rewrite_model is not None and no_rewrite:
        raise UsageError("--rewrite-context and --no-rewrite-context: give one of them")
    if rewrite_model is not None and not (rewrite_model.strip() and rewrite_model.isprintable()):
        raise UsageError(f"--rewrite-context {rewrite_model!r}: not a model id or alias")
    if rewrite_model is None and not no_rewrite:
        return config
    model = "" if no_rewrite else (rewrite_model or "").strip()
    return dataclasses.replace(
        config, candidates=dataclasses.replace(config.candidates, rewrite_model=model)
    )
