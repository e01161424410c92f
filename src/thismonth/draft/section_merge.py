"""The contributed-sections block merged section by section, so an author's text arrives.

The block between ``<!-- thismonth:sections -->`` and ``<!-- /thismonth:sections -->``
holds files other people write, often with a note in a comment. Merged as lines with the
rest of the issue, its comment lines align with other comments (the issue's own template
note ends in ``-->`` too) and a merge that would leave a comment open falls back to
taking new *items* only: a section filled in after the first re-draft never arrived.

Here each section (from its heading to the next section's heading) is merged on its own,
known by its heading: untouched by editors, it is the file's text; untouched by its
author, it is the editors' text; changed by both, a three-way merge of its lines, and
then every line the author added or changed that is still missing is put at the end of
the section. A section's text therefore reaches the issue whenever it changes; ``check``
reports a section file whose text is not in the issue.
"""

from __future__ import annotations

from collections.abc import Callable

from thismonth.draft.sections import BEGIN, END, _end_of_other_projects
from thismonth.markdown.comments import scan
from thismonth.markdown.lines import identity

LineMerge = Callable[[list[str], list[str], list[str]], list[str]]

Split = tuple[list[str], list[str], list[str]]  # before, block (markers excluded), after


def split_block(lines: list[str]) -> Split | None:
    """The lines before the block, inside it, and after it; None without both markers."""
    try:
        start = lines.index(BEGIN)
        end = lines.index(END, start)
    except ValueError:
        return None
    return lines[: start + 1], lines[start + 1 : end], lines[end:]


def with_block(lines: list[str]) -> list[str]:
    """``lines`` with the (empty) block where ``include_sections`` would put it, if it
    has none: drafts made before the first section file carry no markers."""
    if split_block(lines) is not None:
        return lines
    at = _end_of_other_projects(lines)
    return [*lines[:at], BEGIN, END, "", *lines[at:]]


def section_key(line: str) -> str:
    return identity(line) or line.strip()


def _sections(lines: list[str], keys: set[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    preamble: list[str] = []
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        key = section_key(line) if line.strip() else None
        if key in keys and all(k != key for k, _ in out):
            out.append((key, [line]))
        elif out:
            out[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, out


def heads(lines: list[str]) -> set[str]:
    """Keys of the sections in a generated block: the first heading after each blank."""
    keys: set[str] = set()
    previous = ""
    for line in lines:
        if line.startswith("#") and not previous.strip():
            keys.add(section_key(line))
        previous = line
    return keys


def merge_block(
    base: list[str] | None, ours: list[str], theirs: list[str], merge_lines: LineMerge
) -> list[str] | None:
    """The merged block, or None when it cannot be merged safely on its own."""
    keys = heads(theirs) | (heads(base) if base is not None else set())
    pre_o, secs_o = _sections(ours, keys)
    _pre_t, secs_t = _sections(theirs, keys)
    _pre_b, secs_b = _sections(base, keys) if base is not None else ([], [])
    by_b, by_t = dict(secs_b), dict(secs_t)
    merged: dict[str, list[str]] = {}
    for key, o in secs_o:
        b, t = by_b.get(key), by_t.get(key)
        if t is None:  # the file is gone: an included copy nobody edited goes with it
            if b is None or o != b:
                merged[key] = o
            continue
        merged[key] = _merge_one(b, o, t, merge_lines)
    for key, t in secs_t:
        if key not in merged and (key not in by_b or by_b[key] != t):
            merged[key] = list(t)  # new, or deleted by an editor and changed since
    order = [k for k, _ in secs_o if k in merged]
    for i, (key, _t) in enumerate(secs_t):
        if key in order:
            continue
        before = [k for k, _ in secs_t[:i] if k in order]
        order.insert(order.index(before[-1]) + 1 if before else len(order), key)
    out = list(pre_o)
    for key in order:
        out.extend(merged[key])
    found = scan(out)
    if found.unclosed is not None or found.stray_close is not None:
        return None
    return out


def _merge_one(
    b: list[str] | None, o: list[str], t: list[str], merge_lines: LineMerge
) -> list[str]:
    if o == t:
        return o
    if b is None:
        result = list(o)
    elif o == b:
        return list(t)
    elif t == b:
        return o
    else:
        result = merge_lines(b, o, t)
        found = scan(result)
        if found.unclosed is not None or found.stray_close is not None:
            result = list(o)
    have = {line.strip() for line in result}
    old = {line.strip() for line in (b or [])}
    shown = scan(t).visible  # comment lines alone would land outside their comment
    missing = [
        x
        for x, v in zip(t, shown, strict=True)
        if v.strip() and x.strip() not in have and x.strip() not in old
    ]
    if not missing:
        return result
    at = len(result)
    while at > 0 and not result[at - 1].strip():
        at -= 1
    return [*result[:at], "", *missing, *result[at:]] if at else [*missing, *result]
