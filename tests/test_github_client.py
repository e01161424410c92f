# ruff: noqa: F811
"""Faults, rate limits and bad input against the fake server."""

from __future__ import annotations

import dataclasses
import socket
import time

import pytest

from fake_github.fixtures import april_projects, config, fake, source, world  # noqa: F401
from fake_github.server import TOKEN, FakeGitHub
from thismonth.months import Month
from thismonth.sources.github import (
    AuthError,
    ForbiddenError,
    GitHubSource,
    IncompleteSearchError,
    NotFoundError,
    RateLimitError,
    ResponseError,
    UnreachableError,
)
from thismonth.sources.github._client import Client
from thismonth.store import Store

APRIL = Month(2022, 4)


def run(fake, store=None, org="rust-osdev", projects=None, **kw):
    projects = projects if projects is not None else april_projects()
    src = source(fake, config(org, projects), store=store, **kw)
    return src, src.collect_month(projects, APRIL, __import__("datetime").UTC)


@pytest.mark.parametrize(
    "fault", ["502", "503", "504", "timeout", "reset", "truncated", "secondary", "graphql-timeout"]
)
def test_transient_faults_are_retried(fake, fault):
    _, clean = run(fake)
    fake.retry_after = 0
    fake.timeout_delay = 0.8
    fake.script.extend([fault, fault])
    from fake_github.fixtures import FAST

    src, got = run(fake, policy=dataclasses.replace(FAST, timeout=0.4))
    assert got == clean
    assert src.requests == 4  # two failures, then the two requests of the month


def test_secondary_rate_limit_honours_retry_after(fake):
    fake.retry_after = 1
    fake.script.append("secondary")
    started = time.monotonic()
    run(fake)
    assert time.monotonic() - started >= 1.0


def test_too_many_faults_end_in_one_clear_line(fake):
    fake.script.extend(["503"] * 30)
    with pytest.raises(UnreachableError) as err:
        run(fake, concurrency=1)
    assert "failed 6 times (last: HTTP 503)" in str(err.value)
    assert "\n" not in str(err.value)


def test_primary_rate_limit_waits_for_the_reset_with_a_countdown(world):
    import io

    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=200)
    with FakeGitHub(world, rate_limit=1, reset_after=1.5) as fake:
        started = time.monotonic()
        _src, got = run(fake, console=console, concurrency=1)
        assert time.monotonic() - started >= 1.0
        assert got.activities["rust-osdev/x86_64"].pulls
        # X-RateLimit-Remaining: 0 was read: it waited instead of being refused
        assert [s.status for s in fake.seen] == [200, 200]
        assert fake.invalid == []
    assert "GitHub rate limit exhausted: waiting 0:0" in screen.getvalue()


def test_primary_rate_limit_refusal_waits_and_retries(world):
    with FakeGitHub(world, rate_limit=1, reset_after=1.5) as fake:
        fake.remaining = 0  # exhausted by someone else: the first answer is a 403
        _, got = run(fake, concurrency=1)
        assert got.activities["rust-osdev/x86_64"].pulls
        assert [s.status for s in fake.seen] == [403, 200, 200]


def test_graphql_rate_limited_error_also_waits(world):
    with FakeGitHub(world, rate_limit=1, reset_after=1.0, limit_style="errors") as fake:
        _, got = run(fake)
        assert got.activities["rust-osdev/x86_64"].pulls


def test_no_wait_stops_cleanly_with_what_is_cached(world, tmp_path):
    store = Store(tmp_path / "a.sqlite")
    with FakeGitHub(world, rate_limit=1, reset_after=60) as fake:
        with pytest.raises(RateLimitError) as err:
            run(fake, store=store, wait_on_rate_limit=False, concurrency=1)
        assert "--no-wait" in str(err.value) and "cached" in str(err.value)
    # Nothing half-written: the search answered but waits for the repositories, which
    # were refused; the next run (after the reset) fetches the rest.
    assert store.info()["pulls"] == 0
    assert store._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_revoked_token_is_401_without_retry(fake):
    fake.tokens[TOKEN] = "revoked"
    with pytest.raises(AuthError) as err:
        run(fake)
    assert "401" in str(err.value) and "revoked" in str(err.value)
    assert fake.requests <= 2  # the search and the repositories go side by side, once


def test_token_without_access_is_403_without_retry(fake):
    fake.tokens[TOKEN] = "noaccess"
    with pytest.raises(ForbiddenError) as err:
        run(fake)
    assert "lacks access" in str(err.value)
    assert fake.requests <= 2


def test_unknown_org_is_one_line_and_leaves_the_cache_untouched(fake, tmp_path):
    store = Store(tmp_path / "a.sqlite")
    with pytest.raises(NotFoundError) as err:
        run(fake, store=store, org="no-such-org", projects=[])
    assert "cannot search org:no-such-org" in str(err.value)
    assert store.info()["months"] == [] and store.info()["pulls"] == 0


def test_unknown_repository_is_one_line_and_leaves_the_cache_untouched(fake, tmp_path):
    from fake_github.fixtures import project

    store = Store(tmp_path / "a.sqlite")
    with pytest.raises(NotFoundError) as err:
        run(fake, store=store, projects=[*april_projects(), project("rust-osdev/nope")])
    assert "rust-osdev/nope: repository not found" in str(err.value)
    assert store.info()["months"] == [] and store.info()["repos"] == 0


def test_malformed_json_is_retried_then_reported(world, tmp_path):
    store = Store(tmp_path / "a.sqlite")
    with FakeGitHub(world, malformed=True) as fake, pytest.raises(ResponseError) as err:
        run(fake, store=store)
    assert "malformed JSON" in str(err.value)
    assert store.info()["months"] == []


def test_incomplete_search_is_reported(world, tmp_path):
    store = Store(tmp_path / "a.sqlite")
    from datetime import timedelta

    from fake_github.fixtures import APRIL as START
    from fake_github.world import Pull

    repo = world.repos["rust-osdev/x86_64"]
    for n in range(20):
        repo.add_pull(Pull(1000 + n, f"PR {n}", "alice", START + timedelta(hours=n)))
    with FakeGitHub(world, incomplete=True) as fake, pytest.raises(IncompleteSearchError) as err:
        run(fake, store=store)
    assert "incomplete" in str(err.value)
    assert store.info()["pulls"] == 0


def test_an_enterprise_url_that_does_not_answer(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from fake_github.fixtures import FAST

    projects = april_projects()
    src = GitHubSource(
        config("rust-osdev", projects),
        token=TOKEN,
        api_url=f"http://127.0.0.1:{port}/api",
        store=Store(tmp_path / "a.sqlite"),
        policy=FAST,
    )
    with pytest.raises(UnreachableError) as err:
        src.collect_month(projects, APRIL, __import__("datetime").UTC)
    message = str(err.value)
    assert f"http://127.0.0.1:{port}/api/graphql does not answer" in message
    assert "GITHUB_API_URL" in message


def test_rest_uses_etags(fake, tmp_path):
    from fake_github.fixtures import FAST

    store = Store(tmp_path / "a.sqlite")
    client = Client(fake.url, TOKEN, store=store, policy=FAST)
    first = client.rest("/orgs/rust-osdev/repos", {"per_page": 100})
    again = client.rest("/orgs/rust-osdev/repos", {"per_page": 100})
    client.close()
    assert first == again and {r["name"] for r in first} >= {"x86_64", "uefi-rs"}
    assert [s.status for s in fake.seen] == [200, 304]


def test_rest_404_is_not_retried(fake):
    from fake_github.fixtures import FAST

    client = Client(fake.url, TOKEN, policy=FAST)
    with pytest.raises(NotFoundError):
        client.rest("/repos/rust-osdev/nope/pulls")
    client.close()
    assert fake.requests == 1


def test_422_is_not_retried():
    import httpx

    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(422, json={"message": "Validation Failed"})

    client = Client("https://api.example", TOKEN, transport=httpx.MockTransport(handler))
    with pytest.raises(ResponseError) as err:
        client.rest("/search/issues")
    client.close()
    assert len(calls) == 1 and "422" in str(err.value)
