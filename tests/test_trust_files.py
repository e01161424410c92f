"""Files a user names: one line naming the place, non-zero exit, nothing half-written.

Drafts that are binary or not UTF-8, paths that are directories or devices, e-mail
folders that cannot be written: each is a clear error, never a traceback, a hang or a
temporary file left behind.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from clirun import run
from test_draft_merge import CONFIG, FIRST, MONTH, REPOS
from thismonth.compose import build_issue
from thismonth.config import parse_config
from thismonth.models import RepoActivity
from thismonth.writing import TextFileError, read_text

ISSUE = "content/this-month/2022-04/index.md"


@pytest.fixture()
def newsletter(tmp_path: Path) -> Path:
    """A config and a saved document model (``draft --from-context`` needs no source)."""
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    cfg = parse_config(CONFIG, tmp_path / "thismonth.toml")
    acts = {r: RepoActivity(r, "main") for r in REPOS}
    for p in FIRST:
        acts[p.repo].pulls.append(p)
    doc = build_issue(cfg, MONTH, {r: a for r, a in acts.items() if a.pulls})
    (tmp_path / "ctx.json").write_text(json.dumps(doc.to_json()))
    return tmp_path


def draft(root: Path, *extra: str):
    return run("draft", "2022-04", "--from-context", "ctx.json", *extra, cwd=root)


def one_line_error(result, *needles: str) -> str:
    assert result.code != 0
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert len(lines) == 1, result.err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b"+++\ntitle = 'x'\n+++\n\nCaf\xe9 au lait\n", ("index.md:5:", "not UTF-8")),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("index.md:3:", "binary")),
    ],
)
def test_draft_and_publish_refuse_a_damaged_draft(
    newsletter: Path, content: bytes, needles: tuple[str, ...]
) -> None:
    path = newsletter / ISSUE
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    one_line_error(draft(newsletter), *needles)
    one_line_error(run("publish", "2022-04", "--no-spelling", cwd=newsletter), *needles)
    one_line_error(run("check", "--no-spelling", ISSUE, cwd=newsletter), *needles)
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.md"]


def test_draft_path_that_is_a_directory(newsletter: Path) -> None:
    (newsletter / ISSUE).mkdir(parents=True)
    one_line_error(draft(newsletter), "index.md", "is a directory")
    one_line_error(draft(newsletter, "--force"), "index.md", "is a directory")
    one_line_error(draft(newsletter, "--output", "content"), "content", "is a directory")
    assert (newsletter / ISSUE).is_dir()


def test_output_to_a_device_is_refused_without_reading_it(newsletter: Path) -> None:
    # Reading /dev/zero never ends; renaming over it would replace the device.
    one_line_error(draft(newsletter, "--output", "/dev/zero"), "/dev/zero", "not a regular file")
    one_line_error(
        draft(newsletter, "--output", "/dev/null", "--force"), "/dev/null", "not a regular file"
    )
    assert Path("/dev/null").is_char_device()


def test_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "index.md"
    os.mkfifo(fifo)
    with pytest.raises(TextFileError, match="not a regular file"):
        read_text(fifo)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(TextFileError, match="larger than"):
        read_text(big, limit=1000)
    assert read_text(big, limit=2000) == "x" * 2000


# ---------------------------------------------------------------- email -o DIR

PUBLISHED = """+++
title = "This Month in Example: January 2024"
date = 2024-02-06

[extra]
month = "January 2024"
+++

Welcome.
"""


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    path = tmp_path / "content" / "this-month" / "2024-01" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(PUBLISHED)
    return tmp_path


def email(root: Path, out: str):
    return run("email", "2024-01", "-o", out, "--base-url", "https://example.org/", cwd=root)


def test_email_into_a_file_or_below_one(site: Path) -> None:
    (site / "blocker").write_text("keep")
    assert email(site, "blocker").code != 0
    one_line_error(email(site, "blocker/out"), "blocker")
    assert (site / "blocker").read_text() == "keep"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_email_into_an_unwritable_folder(site: Path) -> None:
    out = site / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        one_line_error(email(site, "out"), "out", "cannot write")
    finally:
        out.chmod(0o700)
    assert list(out.iterdir()) == []


def test_email_on_a_full_disk_leaves_nothing(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("thismonth.writing.os.fsync", full)
    one_line_error(email(site, "out"), "2024-01.html", "No space left on device")
    assert list((site / "out").iterdir()) == []


# ---------------------------------------------------------------- a crashed typos


@pytest.mark.parametrize(
    ("script", "words"),
    [
        ("echo \"thread 'main' panicked at src/main.rs\" >&2; exit 101", "exit 101: thread 'main'"),
        ("exit 2", "exit 2: no message"),
    ],
)
def test_crashed_typos_is_not_read_as_no_typos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, words: str
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    typos = bin_dir / "typos"
    typos.write_text(f"#!/bin/sh\ncat >/dev/null\n{script}\n")
    typos.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    issue = tmp_path / "2024-01.md"
    issue.write_text(PUBLISHED)
    result = run("check", issue, cwd=tmp_path)
    assert "spelling: NOT checked" in result.err and words in result.err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("draft", "2022-04", "--from-context", "/dev/zero"), "/dev/zero: is not a regular file"),
        (("check", "x.md", "--activity", "/dev/zero"), "/dev/zero: is not a regular file"),
        (("draft", "2022-04", "--config", "/dev/zero", "-o", "-"), "/dev/zero: is not a regular"),
        (("draft", "2022-04", "--source", "snapshot:/dev/zero", "-o", "-"), "/dev/zero: is not"),
    ],
)
def test_other_inputs_refuse_devices_too(
    newsletter: Path, args: tuple[str, ...], words: str
) -> None:
    (newsletter / "x.md").write_text("x\n")
    result = run(*args, cwd=newsletter)
    assert result.code != 0 and words in result.err, result.err
