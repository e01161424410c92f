"""The fake's REST endpoints, shaped by GitHub's OpenAPI description.

Each payload starts from a minimal instance synthesized from the endpoint's response
schema (every required field), then gets the World's values; with ``validate`` on, each
response is checked against the schema before it is sent.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import jsonschema

from fake_github.schemas import response_schema, synthesize
from fake_github.world import Pull, Repo, World, iso

ORG_REPOS = "/orgs/{org}/repos"
PULLS = "/repos/{owner}/{repo}/pulls"
REPO = "/repos/{owner}/{repo}"


@functools.cache
def _validator(path: str) -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(response_schema(path))


@functools.cache
def _template(path: str, item: bool) -> Any:
    schema = response_schema(path)
    return synthesize(schema["items"] if item else schema, schema)


class RestApi:
    def __init__(self, world: World, *, validate: bool = True) -> None:
        self.world = world
        self.validate = validate
        self.invalid: list[str] = []

    def get(self, path: str, params: dict[str, str]) -> tuple[int, Any, str | None]:
        """(status, body, OpenAPI path template for validation)."""
        parts = path.strip("/").split("/")
        per_page = min(100, int(params.get("per_page", 30)))
        page = max(1, int(params.get("page", 1)))
        if len(parts) == 3 and parts[0] == "orgs" and parts[2] == "repos":
            repos = [r for r in self.world.repos.values() if r.owner.lower() == parts[1].lower()]
            if not repos:
                return 404, _not_found(), None
            repos.sort(key=lambda r: r.id)
            chosen = repos[(page - 1) * per_page : page * per_page]
            return 200, [self._minimal_repo(r) for r in chosen], ORG_REPOS
        if len(parts) == 4 and parts[0] == "repos" and parts[3] == "pulls":
            repo = self.world.find(f"{parts[1]}/{parts[2]}")
            if repo is None:
                return 404, _not_found(), None
            state = params.get("state", "open")
            pulls = [p for p in repo.pulls if state == "all" or p.state == state]

            def key(p: Pull) -> Any:
                if params.get("sort") == "updated":
                    return p.merged_at or p.created_at
                return p.created_at or p.merged_at

            pulls.sort(key=key, reverse=params.get("direction", "desc") == "desc")
            chosen = pulls[(page - 1) * per_page : page * per_page]
            return 200, [self._pull(repo, p) for p in chosen], PULLS
        if len(parts) == 3 and parts[0] == "repos":
            repo = self.world.find(f"{parts[1]}/{parts[2]}")
            if repo is None:
                return 404, _not_found(), None
            body = copy.deepcopy(_template(REPO, item=False))
            body.update(self._minimal_repo(repo))
            return 200, body, REPO
        return 404, _not_found(), None

    def check(self, template: str | None, body: Any) -> None:
        if template and self.validate:
            for error in _validator(template).iter_errors(body):
                self.invalid.append(f"{template}: {error.message}")

    def _minimal_repo(self, repo: Repo) -> dict[str, Any]:
        body = copy.deepcopy(_template(ORG_REPOS, item=True))
        body.update(
            id=repo.id,
            name=repo.name,
            full_name=repo.full_name,
            html_url=f"https://github.com/{repo.full_name}",
            default_branch=repo.default_branch,
        )
        body["owner"] = {**body["owner"], "login": repo.owner, "type": "Organization"}
        return body

    def _pull(self, repo: Repo, p: Pull) -> dict[str, Any]:
        body = copy.deepcopy(_template(PULLS, item=True))
        body.update(
            number=p.number,
            title=p.title,
            html_url=f"https://github.com/{repo.full_name}/pull/{p.number}",
            state=p.state,
            merged_at=iso(p.merged_at) if p.merged_at else None,
            closed_at=iso(p.merged_at) if p.merged_at else None,
            created_at=iso(p.created_at or p.merged_at),
            updated_at=iso(p.merged_at or p.created_at),
            merge_commit_sha=p.merge_commit,
            labels=[_label(n) for n in p.labels],
        )
        body["user"] = {
            **(body.get("user") or _user()),
            "login": p.author,
            "type": "Bot" if p.bot else "User",
        }
        body["base"] = {**body["base"], "ref": p.base}
        return body


def _user() -> dict[str, Any]:
    schema = response_schema(PULLS)
    return synthesize(schema["components"]["schemas"]["simple-user"], schema)


def _label(name: str) -> dict[str, Any]:
    return {
        "id": 1,
        "node_id": "L",
        "url": "https://api.github.com/labels/1",
        "name": name,
        "description": "",
        "color": "ededed",
        "default": False,
    }


def _not_found() -> dict[str, Any]:
    return {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
