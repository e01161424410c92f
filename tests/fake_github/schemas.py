"""GitHub's published API descriptions, from vendor/schemas (scripts/fetch-schemas).

Missing files fail loudly: CI runs scripts/setup, which fetches them; a silent skip would
let an invalid query through.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, build_client_schema, parse, validate

VENDOR = Path(__file__).resolve().parents[2] / "vendor" / "schemas"


class MissingSchema(RuntimeError):
    pass


def _load(name: str) -> Any:
    path = VENDOR / name
    if not path.is_file():
        raise MissingSchema(f"{path} is missing: run scripts/fetch-schemas (scripts/setup does)")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def graphql_schema() -> GraphQLSchema:
    data = _load("graphql-schema.json")
    schema = build_client_schema(data.get("data", data))
    # The one workaround for GitHub's schema, kept here only: graphql-core's schema
    # validation rejects it (implementation fields deprecated where the interface field
    # is not, e.g. PullRequest.databaseId vs Reactable.databaseId), and validate() and
    # execute() refuse an invalid schema. The schema is GitHub's, not ours to fix; marking
    # it validated lets queries be checked against it (and executed by the fake server).
    schema._validation_errors = []  # type: ignore[attr-defined]
    return schema


def query_errors(query: str) -> list[str]:
    """Why ``query`` is not valid against GitHub's schema (empty when it is)."""
    try:
        document = parse(query)
    except Exception as exc:  # GraphQLSyntaxError
        return [str(exc)]
    return [e.message for e in validate(graphql_schema(), document)]


@functools.cache
def openapi() -> dict[str, Any]:
    return _load("api.github.com.json")


def response_schema(path: str, status: str = "200", method: str = "get") -> dict[str, Any]:
    """The JSON Schema of a REST response, converted from OpenAPI 3.0, refs resolvable."""
    return _response_schema(path, status, method)


@functools.cache
def _response_schema(path: str, status: str, method: str) -> dict[str, Any]:
    doc = openapi()
    schema = doc["paths"][path][method]["responses"][status]["content"]["application/json"][
        "schema"
    ]
    return {**to_json_schema(schema), "components": {"schemas": _components()}}


@functools.cache
def _components() -> dict[str, Any]:
    return to_json_schema(openapi()["components"]["schemas"])


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects to JSON Schema, minimally, in one place.

    Only ``nullable: true`` differs in a way the validator sees: it becomes a ``null``
    type (or an ``anyOf`` with null around a ``$ref``/composition, and ``None`` in an enum).
    """
    if isinstance(node, list):
        return [to_json_schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        elif "type" not in out:
            return {"anyOf": [out, {"type": "null"}]}
    return out


def synthesize(schema: dict[str, Any], root: dict[str, Any] | None = None, depth: int = 0) -> Any:
    """A minimal instance of ``schema``: every required property, type-correct values."""
    root = root or schema
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return synthesize(target, root, depth + 1)
    for key in ("allOf",):
        if key in schema:
            merged: dict[str, Any] = {}
            for sub in schema[key]:
                value = synthesize(sub, root, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return synthesize(options[0], root, depth + 1)
    if "enum" in schema:
        return copy.deepcopy(schema["enum"][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties", {})
        return {
            name: synthesize(props.get(name, {}), root, depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2020-01-01T00:00:00Z"
        if fmt == "uri":
            return "https://example.invalid/"
        if fmt == "email":
            return "someone@example.invalid"
        return ""
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    return None
