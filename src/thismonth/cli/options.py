"""Options shared by several verbs, so each is spelled and documented once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from thismonth.config import Config, load_config
from thismonth.months import Month
from thismonth.sources import Source

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


@dataclass(frozen=True)
class SourceArgs:
    """The source options of a verb, gathered so each verb opens its source one way."""

    spec: str | None
    repos: Path | None
    api_url: str | None
    token_env: str | None
    no_wait: bool

    def open(self, config: Config) -> Source:
        from thismonth.sources.select import open_source

        return open_source(
            self.spec,
            config,
            repos=self.repos,
            api_url=self.api_url,
            token_env=self.token_env,
            no_wait=self.no_wait,
        )


def source_options(f: F) -> F:
    """Add --source, --repos, --api-url, --token-env, --no-wait; pass them as ``sources``."""

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        source: str | None,
        repos: Path | None,
        api_url: str | None,
        token_env: str | None,
        no_wait: bool,
        **kwargs: Any,
    ) -> Any:
        return f(*args, sources=SourceArgs(source, repos, api_url, token_env, no_wait), **kwargs)

    options = [
        click.option(
            "--source",
            "source",
            default=None,
            help="git, github or snapshot:FILE (default: git with --repos, else github when a token is found).",
        ),
        click.option(
            "--repos",
            type=click.Path(path_type=Path, file_okay=False),
            default=None,
            help="Folder with one clone per repository (NAME or NAME.git).",
        ),
        click.option(
            "--api-url",
            default=None,
            help="GitHub API base URL (GitHub Enterprise); GITHUB_API_URL too.",
        ),
        click.option(
            "--token-env", default=None, help="Name of the environment variable holding the token."
        ),
        click.option(
            "--no-wait",
            is_flag=True,
            help="On an exhausted rate limit, stop with what is cached instead of waiting.",
        ),
    ]
    decorated: Any = wrapper
    for option in options:
        decorated = option(decorated)
    return decorated


def month_argument(f: F) -> F:
    return click.argument("month")(f)


def load(config_path: Path) -> Config:
    return load_config(config_path)


def parse_month(text: str, config: Config) -> Month:
    month = Month.parse(text)
    month.check_not_future(tz=config.tz())
    return month
