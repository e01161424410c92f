"""A local fake of GitHub's GraphQL and REST APIs for the tests and the benchmark."""

from fake_github.server import FAULTS, TOKEN, FakeGitHub
from fake_github.world import Commit, Issue, Pull, Release, Repo, Tag, World

__all__ = [
    "FAULTS",
    "TOKEN",
    "Commit",
    "FakeGitHub",
    "Issue",
    "Pull",
    "Release",
    "Repo",
    "Tag",
    "World",
]
