"""Feeds stay well-formed XML whatever the issue's text holds; ``check`` points at it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from clirun import run

CONTROLS = "\x01\x08\x0b\x0c\x1b\ufffe\uffff"

ISSUE = """+++
title = "This Month in Example: January 2024\\u0001\\u001b\\uffff"  # TOML escapes
date = 2024-02-06

[extra]
month = "January 2024"
editors = ["alice"]
+++

Welcome{ctl} to the issue.

## `kernel` Updates

- [Add paging{ctl}](https://github.com/example/kernel/pull/11)
"""


def write(root: Path) -> Path:
    path = root / "content" / "this-month" / "2024-01" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(ISSUE.format(ctl=CONTROLS), encoding="utf-8")
    return path


def test_feeds_drop_what_xml_cannot_hold(tmp_path: Path) -> None:
    write(tmp_path)
    result = run("build", "--base-url", "https://example.org/", cwd=tmp_path)
    assert result.code == 0, result.err
    for name in ("atom.xml", "rss.xml"):
        raw = (tmp_path / "public" / name).read_bytes()
        ET.fromstring(raw)  # raises on any character XML 1.0 cannot hold
        feed = feedparser.parse(raw)
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.entries[0].title == "This Month in Example: January 2024"
        assert "Add paging" in raw.decode()


def test_email_drops_them_too(tmp_path: Path) -> None:
    write(tmp_path)
    result = run(
        "email", "2024-01", "-o", "out", "--base-url", "https://example.org/", cwd=tmp_path
    )
    assert result.code == 0, result.err
    html = (tmp_path / "out" / "2024-01.html").read_text()
    assert "Add paging" in html and not any(c in html for c in CONTROLS)


def test_check_warns_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = run("check", "--no-spelling", path, cwd=tmp_path)
    found = [ln for ln in result.out.splitlines() if "control-character" in ln]
    assert [ln.split(":")[1] for ln in found] == ["10", "14"]
    assert "U+0001, U+0008, U+000B, U+000C, U+001B, U+FFFE, U+FFFF" in found[0]
    assert "warning" in found[0]
