"""Options shared by several verbs, so each is spelled and documented once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from thismonth.cli.sources import open_source
from thismonth.config import Config, default_config, load_config
from thismonth.months import Month
from thismonth.sources import Source

F = Callable[..., Any]


DEFAULT_CONFIG = Path("thismonth.toml")


def config_option(f: F) -> F:
    """The one ``--config`` of every verb: default ``thismonth.toml`` in the current folder."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=f"The newsletter's config file [default: {DEFAULT_CONFIG}].",
    )(f)


def load(config_path: Path | None, *, required: bool = True) -> Config:
    """The config of ``--config``, or ``thismonth.toml`` when it was not given.

    A file named with ``--config`` must exist. Without it, verbs that draft need
    ``thismonth.toml`` (``required``); the site verbs fall back to the built-in defaults
    so an archive of issues can be built without a config.
    """
    if config_path is not None or required or DEFAULT_CONFIG.is_file():
        return load_config(config_path or DEFAULT_CONFIG)
    return default_config()


@dataclass(frozen=True)
class SourceArgs:
    """The source options of a verb, gathered so each verb opens its source one way."""

    spec: str | None
    repos: Path | None
    api_url: str | None
    token_env: str | None
    no_wait: bool

    def open(self, config: Config, *, discover: bool = True) -> Source:
        """The chosen source; ``discover=False`` reads only the configured repositories
        (``section new --collect`` wants one repository, not the whole folder)."""
        return open_source(
            self.spec,
            config,
            repos=self.repos,
            api_url=self.api_url,
            token_env=self.token_env,
            no_wait=self.no_wait,
            discover=discover,
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


def parse_month(text: str, config: Config) -> Month:
    month = Month.parse(text)
    month.check_not_future(tz=config.tz())
    return month
