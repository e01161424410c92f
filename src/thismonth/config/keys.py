"""The keys each table of ``thismonth.toml`` takes, and how each value is checked.

One table of known keys per TOML table; a check returns a message or None. docs/config.md
documents each key, and tests/test_config.py checks that every key here is documented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from thismonth.config.lines import Problems
from thismonth.config.schema import (
    ACTIONS,
    EDITORS_KEYS,
    FRONT_MATTER_FLAVORS,
    HEADING_STYLES,
    SECTION_KINDS,
    SECTION_PLACES,
    TITLE_HABITS,
    TITLE_STYLES,
)
from thismonth.months import zone

_Check = Callable[[Any], str | None]


def _is_str(v: Any) -> str | None:
    return None if isinstance(v, str) else f"expected a string, got {type_name(v)}"


def _is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"expected true or false, got {type_name(v)}"


def _is_str_list(v: Any) -> str | None:
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return None
    return f"expected a list of strings, got {type_name(v)}"


def _str_or_list(v: Any) -> str | None:
    return None if isinstance(v, str) else _is_str_list(v)


def _one_of(*choices: str) -> _Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return f"expected one of {', '.join(choices)}, got {type_name(v)}"
        return None if v in choices else f"{v!r} is not one of {', '.join(choices)}"

    return check


def _regex(v: Any) -> str | None:
    if not isinstance(v, str):
        return f"expected a regular expression string, got {type_name(v)}"
    try:
        re.compile(v)
    except re.error as exc:
        return f"bad regular expression {v!r}: {exc}"
    return None


def _timezone(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    try:
        zone(v)
    except Exception as exc:  # UsageError carries the message
        return str(exc)
    return None


def _repo(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", v):
        return f"{v!r} is not OWNER/NAME"
    return None


def _template(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    try:
        v.format(**_TEMPLATE_FIELDS)
    except (KeyError, IndexError, ValueError) as exc:
        return f"unknown placeholder {exc} in {v!r}: use {', '.join('{' + k + '}' for k in _TEMPLATE_FIELDS)}"
    return None


_TEMPLATE_FIELDS = {
    "name": "X",
    "title": "This Month in X: April 2022",
    "month": "2022-04",
    "month_label": "April 2022",
    "month_name": "April",
    "year": 2022,
    "mm": "04",
}

NEWSLETTER_KEYS: dict[str, _Check] = {
    "name": _is_str,
    "organization": _is_str,
    "github_url": _is_str,
    "title": _template,
    "editors": _is_str_list,
    "timezone": _timezone,
    "output": _template,
    "front_matter": _one_of(*FRONT_MATTER_FLAVORS),
    "templates": _is_str,
    "intro": _template,
    "projects_heading": _is_str,
    "projects_intro": _is_str,
    "call_for_participation": _is_str,
    "other_projects": _is_str,
    "join_us": _is_str,
    "cfp_labels": _is_str_list,
    "welcome_newcomers": _is_bool,
    "summary_line": _is_bool,
    "editors_key": _one_of(*EDITORS_KEYS),
    "heading_style": _one_of(*HEADING_STYLES),
    "archive": _is_str,
    "sections": lambda v: None,
    "published_as": _is_bool,
    "learned_until": lambda v: (
        None
        if isinstance(v, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v)
        else "expected a month, YYYY-MM"
    ),
}
SECTION_KEYS: dict[str, _Check] = {
    "heading": _is_str,
    "kind": _one_of(*SECTION_KINDS),
    "intro": _is_str,
    "template": _is_str,
    "commented": _is_bool,
}


def _login_map(v: Any) -> str | None:
    if isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()):
        bad = [
            x
            for x in v.values()
            if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?", x)
        ]
        return f"{bad[0]!r} is not a GitHub login" if bad else None
    return f"expected a table of name = login, got {type_name(v)}"


def _title_style(v: Any) -> str | None:
    if isinstance(v, str):
        return _one_of(*TITLE_STYLES)(v)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        bad = [x for x in v if x not in TITLE_HABITS and not x.startswith("capitalize:")]
        return f"{bad[0]!r} is not one of {', '.join(TITLE_HABITS)}" if bad else None
    return f"expected one of {', '.join(TITLE_STYLES)} or a list of habits, got {type_name(v)}"


POLICY_KEYS: dict[str, _Check] = {
    "bots": _is_str_list,
    "rules": lambda v: None,
    "logins": _login_map,
    "exclude_repos": _is_str_list,
    "learn": _is_bool,
    "title_style": _title_style,
}
RULE_KEYS: dict[str, _Check] = {
    "action": _one_of(*ACTIONS),
    "group": _is_str,
    "author": _str_or_list,
    "bot": _is_bool,
    "title": _regex,
    "branch": _str_or_list,
    "labels": _str_or_list,
    "kind": _one_of("pull", "commit"),
}
PROJECT_KEYS: dict[str, _Check] = {
    "repo": _repo,
    "name": _is_str,
    "clone": _is_str,
    "url": _is_str,
    "description": _is_str,
    "maintainers": lambda v: None,
    "default_branch": _is_str,
    "dev_branches": _is_str_list,
    "packages": lambda v: None,
    "rules": lambda v: None,
    "groups": _is_str_list,
    "thank_maintainers": _is_bool,
    "not_thanked": _is_str_list,
}
PACKAGE_KEYS: dict[str, _Check] = {"name": _is_str, "tag_prefix": _is_str}
MAINTAINER_KEYS: dict[str, _Check] = {"login": _is_str, "url": _is_str}
SITE_KEYS: dict[str, _Check] = {
    "title": _is_str,
    "description": _is_str,
    "base_url": _is_str,
    "output": _is_str,
    "comments": _one_of("none", "utterances", "giscus"),
    "comments_repo": _repo,
    "giscus_repo_id": _is_str,
    "giscus_category": _is_str,
    "giscus_category_id": _is_str,
}
TOP_KEYS = ("newsletter", "policy", "projects", "site", "sections", "candidates")


def _positive(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int):
        return f"expected a whole number, got {type_name(v)}"
    return None if 0 < v <= 1000 else f"{v} is not between 1 and 1000"


def http_url(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    return None if re.match(r"^https?://[^/\s]+", v) else f"{v!r} is not an http(s) URL"


def _feeds(v: Any) -> str | None:
    return (
        None
        if isinstance(v, list)
        else f"expected a list of URLs or feed tables, got {type_name(v)}"
    )


def _repos(v: Any) -> str | None:
    if (err := _is_str_list(v)) is not None:
        return err
    bad = [x for x in v if _repo(x)]
    return f"{bad[0]!r} is not OWNER/NAME" if bad else None


CANDIDATE_SECTION_KEYS: dict[str, _Check] = {
    "id": lambda v: (
        None
        if isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v)
        else (f"{v!r} is not a section id (lowercase letters, digits and '-')")
    ),
    "heading": _is_str,
    "intro": _is_str,
    "template": _is_str,
    "place": _one_of(*SECTION_PLACES),
    "cap": _positive,
    "feeds": _feeds,
    "searches": _is_str_list,
    "watch": _repos,
    "words": _is_str_list,
    "strict": _is_bool,
}
FEED_KEYS: dict[str, _Check] = {"url": http_url, "name": _is_str, "digest": _regex}


def _model_id(v: Any) -> str | None:
    if (err := _is_str(v)) is not None:
        return err
    return None if v.strip() and v.isprintable() else f"{v!r} is not a model id or alias"


def _seconds(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return f"expected a number of seconds, got {type_name(v)}"
    return None if 0 < v <= 3600 else f"{v} is not between 0 and 3600 seconds"


CANDIDATES_KEYS: dict[str, _Check] = {"rewrite_model": _model_id, "rewrite_timeout": _seconds}


def type_name(v: Any) -> str:
    return {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(v), type(v).__name__)


def check_table(
    problems: Problems,
    table: Any,
    keys: dict[str, _Check],
    where: tuple[str | int, ...],
) -> dict[str, Any]:
    if not isinstance(table, dict):
        problems.add(where, f"expected a table, got {type_name(table)}")
        return {}
    good: dict[str, Any] = {}
    for key, value in table.items():
        if key not in keys:
            close = [k for k in keys if k.replace("_", "") == key.replace("_", "").replace("-", "")]
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known keys: {', '.join(keys)}"
            problems.add((*where, key), f"unknown key{hint}")
            continue
        err = keys[key](value)
        if err:
            problems.add((*where, key), err)
            continue
        good[key] = value
    return good
