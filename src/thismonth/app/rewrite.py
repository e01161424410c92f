"""Context lines rewritten by a language model, for the editor to review (issue 11, item 6).

Off by default; on with ``[candidates] rewrite_model = "MODEL"`` or ``--rewrite-context
MODEL``. The model is whatever the user set up in Simon Willison's ``llm`` library (its
aliases, keys and plugins apply: thismonth never sees or sends a key), asked with one
short fixed prompt per kept candidate that has a context line from its source. Why it is
shaped this way:

- the answer is untrusted outside text: folded to one line, capped, and escaped by the
  template like a feed title; it is written *beside* the source's own context line,
  inside the commented-out candidate, marked "suggested by MODEL, review before
  publishing", and ``thismonth check`` refuses that marker in visible text;
- a model that fails (``llm`` not installed, unknown model, an error, no answer in time)
  is one warning naming it, and the candidates keep their sources' lines; the draft goes
  on. After the first failure the model is not asked again in the same run, so a dead
  endpoint costs one timeout, not one per candidate;
- answers are remembered in the store's memo table per (model, link, title, context), so
  a re-draft asks nothing; failures are not remembered, so the next run tries again;
- ``llm`` is imported here only, and only when a model is to be asked: thismonth runs
  without it, and a re-draft whose answers are all remembered does not load it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from thismonth.compose.candidates import Candidate, SectionCandidates
from thismonth.render.escape import one_line
from thismonth.store import Store

if TYPE_CHECKING:
    import llm

PROMPT_VERSION = "rewrite/1"  # part of the cache key: a new prompt asks again
MAX_CHARS = 280  # an answer longer than this is cut (with "…"): a context line, not a post
MAX_INPUT = 1000  # characters of the source's context sent to the model

PROMPT = (
    "You help the editors of a community newsletter. Write ONE neutral, factual sentence "
    "(at most 30 words) that tells readers what the linked page is about, using only the "
    "title and the text below. No opinions, no praise, no Markdown, no links, no quotes, "
    "no preamble: answer with the sentence alone.\n\n"
    "Title: {title}\n"
    "Text: {context}\n"
)


class _Failed(Exception):
    """The model cannot be used (this run): the message says why, without secrets."""


def prompt_for(candidate: Candidate) -> str:
    """The fixed prompt, filled with the candidate's title and its source's context only
    (nothing else of the newsletter, no token, no URL with a query)."""
    return PROMPT.format(
        title=one_line(candidate.title),
        context=one_line(candidate.context)[:MAX_INPUT],
    )


def clean(answer: str) -> str:
    """The model's answer as a context line: one line, no control characters, no quotes
    around it, at most :data:`MAX_CHARS` characters (cut at a word, marked "…").
    Escaping for Markdown and the comment is the template's job, as for any outside text."""
    text = one_line(answer).strip().strip("\"'“”‘’").strip()
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip() + "…"
    return text


def suggest(
    sections: Iterable[SectionCandidates],
    model_name: str,
    store: Store,
    *,
    timeout: float,
) -> list[str]:
    """Give every kept candidate with a context line a model-written ``suggestion``.

    Returns the warnings (at most one, naming the model). Candidates over the cap are not
    sent: they are not in the draft, and each would cost a request.
    """
    wanted = [c for s in sections for c in s.candidates if c.context.strip()]
    if not model_name or not wanted:
        return []
    pending: list[tuple[Candidate, str]] = []
    for c in wanted:
        key = _key(model_name, c)
        remembered = store.memo_get(key)
        if remembered:
            _set(c, remembered, model_name)
        else:
            pending.append((c, key))
    if not pending:
        return []
    try:
        model = _model(model_name)
    except _Failed as exc:
        return [_warning(model_name, str(exc), len(pending))]
    for n, (c, key) in enumerate(pending):
        try:
            text = clean(_ask(model, prompt_for(c), timeout))
            if not text:
                raise _Failed("gave an empty answer")
        except _Failed as exc:
            return [_warning(model_name, str(exc), len(pending) - n)]
        store.memo_put(key, text)
        _set(c, text, model_name)
    return []


def _set(c: Candidate, text: str, model_name: str) -> None:
    c.suggestion = text
    c.suggested_by = model_name


def _key(model_name: str, c: Candidate) -> str:
    raw = json.dumps([PROMPT_VERSION, model_name, c.url, c.title, c.context])
    return "rewrite:" + hashlib.sha256(raw.encode()).hexdigest()


def _warning(model_name: str, why: str, left: int) -> str:
    keep = "candidate keeps only its" if left == 1 else "candidates keep only their"
    return f"context rewrite model {one_line(model_name)!r}: {why}; {left} {keep} source's context line"


def _model(name: str) -> llm.Model:
    """The model ``llm`` knows by this id or alias (the user's plugins and aliases)."""
    try:
        import llm
    except ImportError:
        raise _Failed("the llm library is not installed (pip install 'thismonth[llm]')") from None
    try:
        return llm.get_model(name)
    except llm.UnknownModelError:
        raise _Failed(
            "unknown to llm (`llm models` lists the installed models, `llm aliases` the aliases)"
        ) from None
    except Exception as exc:  # a plugin that fails to load: the same one warning
        raise _Failed(f"llm could not load it ({describe(exc)})") from None


def _ask(model: llm.Model, text: str, timeout: float) -> str:
    """One answer, or :class:`_Failed` when the model raises or takes over ``timeout``
    seconds. The call runs in a daemon thread: a model that never answers is left behind
    (the process can still exit) rather than stalling the draft."""
    box: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            box.append((True, model.prompt(text, stream=False).text()))
        except BaseException as exc:  # handed to the caller's thread, never printed
            box.append((False, exc))

    worker = threading.Thread(target=run, name="thismonth-rewrite", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive() or not box:
        raise _Failed(f"no answer within {timeout:g} s")
    ok, value = box[0]
    if not ok:
        raise _Failed(f"failed ({describe(value)})")
    return value if isinstance(value, str) else str(value)


_QUERY = re.compile(r"(https?://[^\s?#]+)[?#]\S*")
_SECRETISH = re.compile(r"[A-Za-z0-9_\-]{24,}")


def describe(exc: object) -> str:
    """An exception as a few words for a warning: its type and first line, with URL
    queries and token-like runs removed (some model APIs take the key in the URL)."""
    first = next(iter(str(exc).strip().splitlines()), "")
    first = _SECRETISH.sub("[…]", _QUERY.sub(r"\1?…", one_line(first)))[:160]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
