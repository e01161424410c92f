"""Bad input through the CLI: one clear line each, a non-zero exit, the cache untouched."""

from __future__ import annotations

import socket
import sqlite3

import pytest

from clirun import run
from fake_github.fixtures import FAST, april_world
from fake_github.server import TOKEN, FakeGitHub
from fake_github.world import Pull
from thismonth.sources.github import _client

GOOD = """
[newsletter]
organization = "{org}"

[[projects]]
repo = "rust-osdev/x86_64"
{extra}
"""


def dump(path) -> str:
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("unknown org", "cannot search org:no-such-org"),
        ("unknown repository", "rust-osdev/nope: repository not found"),
        ("no access", "lacks access"),
        ("revoked token", "401 Bad credentials"),
        ("enterprise url that does not answer", "does not answer"),
        ("malformed json", "malformed JSON"),
        ("incomplete search", "incomplete"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_cache_untouched(case, words, tmp_path, monkeypatch):
    monkeypatch.setattr(_client, "RetryPolicy", lambda: FAST)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    world = april_world()
    config = tmp_path / "thismonth.toml"
    config.write_text(GOOD.format(org="rust-osdev", extra=""))
    with FakeGitHub(world) as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        assert run("draft", "2022-03", "-o", "-", cwd=tmp_path).code == 0  # a cache to keep
        db = tmp_path / ".thismonth" / "activity.sqlite"
        before = dump(db)
        if case == "unknown org":
            config.write_text(GOOD.format(org="no-such-org", extra=""))
        elif case == "unknown repository":
            config.write_text(
                GOOD.format(org="rust-osdev", extra='[[projects]]\nrepo = "rust-osdev/nope"')
            )
        elif case == "no access":
            fake.tokens[TOKEN] = "noaccess"
        elif case == "revoked token":
            fake.tokens[TOKEN] = "revoked"
        elif case == "enterprise url that does not answer":
            monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{free_port()}/api")
        elif case == "malformed json":
            fake.malformed = True
        elif case == "incomplete search":
            fake.graphql.incomplete = True
            repo = world.repos["rust-osdev/x86_64"]
            for n in range(30):
                repo.add_pull(Pull(2000 + n, f"PR {n}", "alice", repo.pulls[0].merged_at))
        result = run("draft", "2022-04", "-o", "-", cwd=tmp_path)
    assert result.code == 1, result.err
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ") and words in lines[0]
    assert "Traceback" not in result.err and result.out == ""
    assert dump(db) == before


def test_no_wait_exits_non_zero_with_a_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(_client, "RetryPolicy", lambda: FAST)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    (tmp_path / "thismonth.toml").write_text(GOOD.format(org="rust-osdev", extra=""))
    with FakeGitHub(april_world(), rate_limit=0, reset_after=3600) as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        result = run("draft", "2022-04", "-o", "-", "--no-wait", cwd=tmp_path)
    assert result.code == 1
    assert "--no-wait" in result.err and "run again after the reset" in result.err
