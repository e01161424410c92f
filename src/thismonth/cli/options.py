"""Options shared by several verbs, so each is spelled and documented once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thismonth.config import Config, load_config
from thismonth.months import Month

F = Callable[..., Any]


def config_option(f: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=Path("thismonth.toml"),
        show_default=True,
        help="The newsletter's config file.",
    )(f)


def source_options(f: F) -> F:
    f = click.option(
        "--source",
        "source",
        default=None,
        help="git, github or snapshot:FILE (default: git with --repos, else github when a token is found).",
    )(f)
    f = click.option(
        "--repos",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder with one clone per repository (NAME or NAME.git).",
    )(f)
    f = click.option(
        "--api-url",
        default=None,
        help="GitHub API base URL (GitHub Enterprise); GITHUB_API_URL too.",
    )(f)
    f = click.option(
        "--token-env", default=None, help="Name of the environment variable holding the token."
    )(f)
    f = click.option(
        "--no-wait",
        is_flag=True,
        help="On an exhausted rate limit, stop with what is cached instead of waiting.",
    )(f)
    return f


def month_argument(f: F) -> F:
    return click.argument("month")(f)


def load(config_path: Path) -> Config:
    return load_config(config_path)


def parse_month(text: str, config: Config) -> Month:
    month = Month.parse(text)
    month.check_not_future(tz=config.tz())
    return month
