"""Token discovery, API URLs, and the token never leaking anywhere."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from clirun import run
from fake_github.fixtures import april_world
from fake_github.server import TOKEN, FakeGitHub
from thismonth.errors import UsageError
from thismonth.sources.github import api_url_from_env, discover_token
from thismonth.sources.github._token import endpoints

CONFIG = """
[newsletter]
name = "Rust OSDev"
organization = "rust-osdev"

[[projects]]
repo = "rust-osdev/x86_64"
dev_branches = ["next"]

[[projects]]
repo = "rust-osdev/uefi-rs"
"""


@pytest.fixture
def no_env(monkeypatch, tmp_path):
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "MY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nobin"))  # no `gh`
    return monkeypatch


def test_discovery_order(no_env, tmp_path):
    assert discover_token() is None
    no_env.setenv("GH_TOKEN", "from-gh-token")
    assert discover_token() == "from-gh-token"
    no_env.setenv("GITHUB_TOKEN", "from-github-token")
    assert discover_token() == "from-github-token"
    no_env.setenv("MY_TOKEN", "from-mine")
    assert discover_token("MY_TOKEN") == "from-mine"


def test_an_unset_token_env_is_a_usage_error(no_env):
    with pytest.raises(UsageError, match="MY_TOKEN"):
        discover_token("MY_TOKEN")


def test_gh_auth_token_is_the_last_resort(no_env, tmp_path):
    bin_dir = tmp_path / "nobin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text('#!/bin/sh\n[ "$1 $2" = "auth token" ] && echo from-gh-cli\n')
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    assert discover_token() == "from-gh-cli"


def test_api_url_order_and_enterprise_endpoints(no_env):
    assert api_url_from_env(None) == "https://api.github.com"
    no_env.setenv("GITHUB_API_URL", "https://ghe.example.com/api/")
    assert api_url_from_env(None) == "https://ghe.example.com/api"
    assert api_url_from_env("https://other.example/api/v3") == "https://other.example/api/v3"
    assert endpoints("https://api.github.com") == (
        "https://api.github.com",
        "https://api.github.com/graphql",
    )
    assert endpoints("https://ghe.example.com/api") == (
        "https://ghe.example.com/api/v3",
        "https://ghe.example.com/api/graphql",
    )
    assert endpoints("https://ghe.example.com/api/v3")[1] == "https://ghe.example.com/api/graphql"
    with pytest.raises(UsageError):
        api_url_from_env("ghe.example.com")


def test_no_token_gives_a_clear_hint(no_env, tmp_path):
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    result = run("draft", "2022-04", "--source", "github", "-o", "-", cwd=tmp_path)
    assert result.code != 0
    assert "GITHUB_TOKEN" in result.err and "gh auth login" in result.err


def test_the_token_never_appears_in_logs_errors_cache_snapshots_or_output(no_env, tmp_path):
    (tmp_path / "thismonth.toml").write_text(CONFIG)
    no_env.setenv("GITHUB_TOKEN", TOKEN)
    seen: list[str] = []
    with FakeGitHub(april_world(), rate_limit=3, reset_after=1) as fake:
        fake.retry_after = 0
        fake.script.extend(["502", "secondary", "truncated"])
        no_env.setenv("GITHUB_API_URL", fake.url)
        for args in (
            ("draft", "2022-04", "-o", "-"),
            ("snapshot", "export", "2022-04", "-o", "april.json"),
            ("draft", "2022-04", "--source", "snapshot:april.json", "-o", "-"),
            ("draft", "2022-04", "-o", "-", "--context", "context.json"),
            ("cache", "info"),
        ):
            result = run(*args, cwd=tmp_path)
            assert result.code == 0, result.err
            seen += [result.out, result.err]
        # and through every error path
        fake.tokens[TOKEN] = "revoked"
        run("cache", "clear", cwd=tmp_path)
        for args in (("draft", "2022-04", "-o", "-"), ("draft", "2022-05", "-o", "-")):
            result = run(*args, cwd=tmp_path)
            assert result.code == 1 and "401" in result.err
            seen += [result.out, result.err]
        fake.tokens[TOKEN] = "ok"
        fake.malformed = True
        result = run("draft", "2022-04", "-o", "-", cwd=tmp_path)
        assert result.code == 1
        seen += [result.out, result.err]
    no_env.setenv("GITHUB_API_URL", "http://127.0.0.1:9/api")
    result = run("draft", "2022-04", "-o", "-", cwd=tmp_path)
    assert result.code == 1 and "does not answer" in result.err
    seen.append(result.err)
    secret = TOKEN.encode()
    for text in seen:
        assert TOKEN not in text
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "activity.sqlite" for p in files)
    for path in files:
        assert secret not in path.read_bytes(), path
    db = tmp_path / ".thismonth" / "activity.sqlite"
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert TOKEN not in dump
    assert os.environ["GITHUB_TOKEN"] == TOKEN


def test_scrub_removes_the_token_from_any_message():
    from thismonth.sources.github._client import Client

    client = Client("https://api.example", "s3cr3t-token-value")
    assert client.scrub("bearer s3cr3t-token-value failed") == "bearer *** failed"
    client.close()
