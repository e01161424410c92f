"""Front matter of an issue file: Zola's ``+++`` TOML or Hugo/Jekyll's ``---`` YAML.

Reading and writing live together so every command (draft, check, publish, build) agrees
on one format, and values from outside are serialized by a real TOML/YAML library rather
than pasted into text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

import tomlkit
import yaml

from thismonth.errors import DraftError, toml_error


@dataclass
class Document:
    flavor: str  # zola | yaml
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number where the body starts
    raw_meta: str = ""


def split(text: str, source: str = "<text>") -> Document:
    """Split ``text`` into front matter and body, or raise DraftError naming the line."""
    lines = text.splitlines(keepends=True)
    if not lines:
        raise DraftError(f"{source}:1: front matter: the file is empty")
    fence = lines[0].strip()
    if fence not in ("+++", "---"):
        raise DraftError(
            f"{source}:1: front matter: expected '+++' (TOML) or '---' (YAML) on the first line"
        )
    for i in range(1, len(lines)):
        if lines[i].strip() == fence:
            raw = "".join(lines[1:i])
            body = "".join(lines[i + 1 :])
            break
    else:
        raise DraftError(f"{source}:1: front matter: no closing '{fence}'")
    try:
        if fence == "+++":
            meta = tomllib.loads(raw)
            flavor = "zola"
        else:
            meta = yaml.safe_load(raw) or {}
            flavor = "yaml"
            if not isinstance(meta, dict):
                raise DraftError(f"{source}:2: front matter: expected key: value pairs")
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_error(exc)
        raise DraftError(f"{source}:{(line or 1) + 1}: front matter: {reason}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise DraftError(f"{source}:{line}: front matter: {getattr(exc, 'problem', exc)}") from None
    return Document(flavor=flavor, meta=meta, body=body, body_line=i + 2, raw_meta=raw)


def dump(meta: dict[str, Any], flavor: str) -> str:
    """Serialize ``meta`` with its fences; ``flavor`` is zola, hugo, jekyll or yaml."""
    if flavor == "zola":
        return "+++\n" + tomlkit.dumps(meta).strip() + "\n+++\n"
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return "---\n" + text.strip() + "\n---\n"


def issue_meta(
    title: str,
    date: str | None,
    month_label: str,
    editors: list[str],
    flavor: str,
    *,
    editors_key: str = "editors",
) -> dict[str, Any]:
    """The front matter of an issue in each flavor: Zola keeps extras under [extra].
    ``editors_key`` is the newsletter's own word (older rust-osdev issues say ``authors``)."""
    if flavor == "zola":
        meta: dict[str, Any] = {"title": title}
        if date:
            meta["date"] = tomlkit.date(date)
        else:
            meta["draft"] = True
        meta["extra"] = {"month": month_label, editors_key: editors}
        return meta
    meta = {"title": title}
    if date:
        meta["date"] = date
    else:
        meta["draft"] = True
    meta["month"] = month_label
    meta[editors_key] = editors
    return meta
