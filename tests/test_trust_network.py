"""The GitHub source facing a bad URL, a hanging server, or two failures at once."""

from __future__ import annotations

import dataclasses
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import run
from fake_github.fixtures import FAST, april_world
from fake_github.server import TOKEN, FakeGitHub
from thismonth.sources.github import RateLimitError, _client
from thismonth.sources.github import _source as github_source

CONFIG = """
[newsletter]
organization = "rust-osdev"

[[projects]]
repo = "rust-osdev/x86_64"
{extra}
"""


@pytest.fixture()
def newsletter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    (tmp_path / "thismonth.toml").write_text(CONFIG.format(extra=""))
    return tmp_path


def error_line(result) -> str:
    assert result.code != 0
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert lines[-1].startswith("error: "), result.err
    return lines[-1]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://example.test:port/api", "not a valid URL"),
        ("ftp://example.test/api", "expected http(s)://HOST"),
    ],
)
def test_malformed_api_url_is_one_line(newsletter: Path, url: str, words: str) -> None:
    result = run(
        "draft", "2022-04", "--source", "github", "--api-url", url, "-o", "-", cwd=newsletter
    )
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert words in result.err and "--api-url" in result.err


def test_credentials_in_the_api_url_are_never_printed(
    newsletter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "http://someone:hunter2@127.0.0.1:9/api"
    for args in (["--api-url", url], []):
        if not args:
            monkeypatch.setenv("GITHUB_API_URL", url)
        result = run("draft", "2022-04", "--source", "github", *args, "-o", "-", cwd=newsletter)
        assert result.code == 2
        assert "hunter2" not in result.err + result.out and "someone" not in result.err
        assert "credentials in the URL" in result.err
    assert not (newsletter / ".thismonth").exists() or "hunter2" not in "".join(
        p.read_bytes().decode("latin-1")
        for p in (newsletter / ".thismonth").rglob("*")
        if p.is_file()
    )


# ---------------------------------------------------------------- a server that hangs


@pytest.fixture()
def silent_server() -> Iterator[tuple[str, list[socket.socket]]]:
    """Accepts connections, reads nothing, answers nothing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def loop() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api", accepted
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


def test_hanging_server_says_what_it_waits_for_then_stops(
    newsletter: Path, silent_server, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, accepted = silent_server
    policy = dataclasses.replace(
        _client.RetryPolicy(), base=0.01, cap=0.05, timeout=0.6, notice_after=0.2
    )
    monkeypatch.setattr(_client, "RetryPolicy", lambda: policy)
    result = run(
        "draft", "2022-04", "--source", "github", "--api-url", url, "-o", "-", cwd=newsletter
    )
    assert result.code == 1
    line = error_line(result)
    assert "did not answer within 0.6 s, 2 times" in line and "127.0.0.1" in line
    assert result.err.count("is slow: waiting for a search") == 1  # said while waiting, once
    assert "asking again (2 of 2)" in result.err
    assert len(accepted) <= 4  # the search and the repositories, each asked twice, not six times
    assert result.out == ""
    assert _client.RetryPolicy().timeout_attempts == 2


def test_default_timeouts_are_ones_a_person_accepts() -> None:
    policy = _client.RetryPolicy()
    worst = policy.timeout_attempts * policy.timeout + policy.cap
    assert worst <= 90  # not the three minutes of silence six 30-second tries took
    assert policy.notice_after < policy.timeout


# ---------------------------------------------------------------- two failures


def test_rate_limit_does_not_hide_a_404(newsletter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_client, "RetryPolicy", lambda: FAST)
    (newsletter / "thismonth.toml").write_text(
        CONFIG.format(extra='[[projects]]\nrepo = "rust-osdev/nope"')
    )

    def stopped(self, pending, gate):
        raise RateLimitError("GitHub rate limit exhausted until 12:00:00 UTC; stopped (--no-wait)")

    monkeypatch.setattr(github_source._Run, "_search", stopped)
    with FakeGitHub(april_world()) as fake:
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        result = run("draft", "2022-04", "--source", "github", "-o", "-", cwd=newsletter)
    assert result.code == 1
    assert "rust-osdev/nope: repository not found" in error_line(result)
    assert "rate limit exhausted" in result.err  # said too, not swallowed
