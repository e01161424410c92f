"""bench/candidates.py --rank on a tiny shared folder: the whole path from feed to figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchload import load_bench as _load


def load_bench():
    return _load("candidates")


def twir(number: int, day: str, items: list[tuple[str, str]]) -> str:
    lines = "\n".join(f"* [{title}](https://github.com/{path})" for title, path in items)
    return (
        f"Title: This Week in Rust {number}\nNumber: {number}\nDate: {day}\n"
        f"Category: This Week in Rust\n\nHello!\n\n## Updates from the Rust Project\n\n{lines}\n"
    )


def issue(link: str) -> str:
    return f'+++\ntitle = "x"\n+++\n\n## Infrastructure and Tooling\n\n{link}\n\n## Join Us\n'


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = tmp_path / "data" / "twir" / "content"
    osdev = tmp_path / "data" / "rust-osdev"
    for folder in (content, osdev / "published", osdev / "truth"):
        folder.mkdir(parents=True)
    (content / "2023-01-17-this-week-in-rust.md").write_text(
        twir(
            1,
            "2023-01-17",
            [
                ("add a uefi target", "rust-lang/rust/pull/1"),
                ("fix typeck ICE", "rust-lang/rust/pull/2"),
                ("improve typeck diagnostics", "rust-lang/rust/pull/3"),
            ],
        )
    )
    (content / "2023-02-14-this-week-in-rust.md").write_text(
        twir(
            2,
            "2023-02-14",
            [
                ("fix borrowck diagnostics", "rust-lang/rust/pull/12"),
                ("add a riscv target", "rust-lang/rust/pull/11"),
                ("cargo: add a flag", "rust-lang/cargo/pull/13"),
            ],
        )
    )
    published = osdev / "published"
    (published / "2023-01.md").write_text(
        issue("- [Add a uefi target](https://github.com/rust-lang/rust/pull/1)")
    )
    (published / "2023-02.md").write_text(
        issue("- [Add a riscv target](https://github.com/rust-lang/rust/pull/11)")
    )
    truth = {
        "sections": [
            {
                "section": "infrastructure-and-tooling",
                "heading_url": None,
                "items": [{"url": "https://github.com/rust-lang/rust/pull/11"}],
                "mentions": [],
            }
        ]
    }
    (osdev / "truth" / "2023-02.json").write_text(json.dumps(truth))
    monkeypatch.setenv("THISMONTH_SHARED", str(tmp_path))
    return tmp_path


def test_rank_mode_learns_from_january_and_finds_the_february_pick(shared, capsys) -> None:
    assert load_bench().main(["--rank"]) == 0
    out = capsys.readouterr().out
    assert "feed: 2 TWiR entries" in out
    row = next(line for line in out.splitlines() if line.startswith("2023-02"))
    # pool of 2 rust-lang/rust PRs (cargo filtered out), 1 pick, in the pool, found at 10 and 20
    assert row.split("|")[0].split() == ["2023-02", "2", "1", "1"]
    assert row.split("|")[1].split() == ["100.0%", "100.0%"]
    assert 'word "target"' in row  # the reason shown is what January taught


def test_without_shared_data_the_benchmark_says_it_is_skipped(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("THISMONTH_SHARED", str(tmp_path / "absent"))
    assert load_bench().main(["--rank"]) == 0
    assert "benchmark skipped" in capsys.readouterr().err
    # the default mode needs no shared data: feeds and GitHub are served locally
    args = ["--feeds", "2", "--entries", "5", "--searches", "1", "--runs", "1"]
    assert load_bench().main(args) == 0
    out = capsys.readouterr().out
    assert "re-draft with candidates, nothing changed" in out
    # one in-process and one CLI re-draft, 2 feeds each: every request conditional
    assert "warm requests conditional: 4/4" in out and "GitHub requests warm: 0" in out
    assert "4 feed requests, 4 conditional, 0 full" in out
