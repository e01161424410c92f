"""Re-drafting without losing edits: a three-way merge of lines, items known by URL.

An issue is edited for days; thismonth re-drafts it when new PRs are merged. Three texts
meet: the *base* (what thismonth generated last time, kept in
``.thismonth/generated/YYYY-MM.md``), *ours* (the draft as people left it) and *theirs*
(what thismonth generates now). Lines are aligned with difflib and walked as diff3 does:

- a region nobody changed stays;
- changed only by people: their version, whatever it is (edited titles, deleted or
  reordered items, comments added or removed, prose);
- changed only by thismonth: the new generated lines, except items whose URL people
  already placed elsewhere (moved, or covered in prose), so nothing is listed twice;
- changed by both: the people's lines in full, plus the new items (URLs found neither in
  the draft nor in the base) after the last item of that region.

Nothing here depends on markers an editor could break in GitHub's web editor: the
state file is plain Markdown, and an item is recognized by its link target however the
line around it was edited. Without a state file (a draft made by hand, or an older one)
the base is approximated as the generated text minus what the draft has never seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from thismonth.draft.section_merge import merge_block, split_block, with_block
from thismonth.draft.sections import BEGIN, END
from thismonth.errors import DraftError
from thismonth.markdown.comments import scan
from thismonth.markdown.frontmatter import split
from thismonth.markdown.lines import heading_level, identity, is_heading, occurrences, present

_TOKEN = re.compile(r"<!--|-->")


def merge_draft(existing: str, generated: str, *, source: str, base: str | None) -> str:
    """``existing`` with everything new from ``generated``, keeping every human edit.

    ``base`` is the last generated text (the merge state); without it the base is
    approximated from the two texts.

    Raises DraftError (``source:line: ...``) when ``existing`` cannot be merged safely:
    broken front matter, an unclosed ``<!--``, a stray ``-->`` or a conflict marker.
    """
    bom = "\ufeff" if existing.startswith("\ufeff") else ""  # some editors add one
    existing = existing.removeprefix("\ufeff")
    validate(existing, source)
    newline = "\r\n" if "\r\n" in existing else "\n"
    ours = existing.splitlines()
    theirs = generated.splitlines()
    lines = base.splitlines() if base is not None else approximate_base(theirs, ours)
    # Projects people reordered: read the generated texts in people's order, so new PRs
    # land in their own project and the order people chose stays.
    order = _block_order(ours)
    merged = merge_with_sections(lines, ours, theirs, has_base=base is not None, order=order)
    return bom + newline.join(merged) + newline


def merge_with_sections(
    base: list[str],
    ours: list[str],
    theirs: list[str],
    *,
    has_base: bool,
    order: dict[str, int],
) -> list[str]:
    """The contributed sections merged on their own, section by section (see
    ``section_merge``: their comments must not align with the rest of the issue's), and
    the rest line by line; the whole line by line when that cannot be done safely.

    ``order`` is the project order people chose: the generated texts are read in it.
    The sections block is taken out first, so reordering never moves its end marker."""
    if split_block(theirs) is not None:
        o_split = split_block(with_block(ours))
        t_split = split_block(theirs)
        b_split = split_block(with_block(base))
        assert o_split is not None and t_split is not None and b_split is not None
        block = merge_block(b_split[1] if has_base else None, o_split[1], t_split[1], merge_lines)
        if block is not None:
            rest = _merge_balanced(
                reorder_like(b_split[0] + b_split[2], order),
                o_split[0] + o_split[2],
                reorder_like(t_split[0] + t_split[2], order),
            )
            at = rest.index(BEGIN) + 1 if BEGIN in rest else -1
            if at > 0 and rest[at : at + 1] == [END] and rest.count(BEGIN) == 1:
                return rest[:at] + block + rest[at:]
    return _merge_balanced(reorder_like(base, order), ours, reorder_like(theirs, order))


def _merge_balanced(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    # Generated comment blocks can match people's only in part: if a merge would leave
    # a comment open or a stray "-->", take less from thismonth, down to its new items.
    for mode in (NORMAL, CAREFUL, ITEMS):
        merged = merge_lines(base, ours, theirs, mode=mode)
        if _balanced(merged):
            break
    return merged


def validate(text: str, source: str) -> None:
    """Raise DraftError naming the first line that makes ``text`` unsafe to merge."""
    split(text, source)
    found = scan(text.splitlines())
    if found.conflict is not None:
        raise DraftError(
            f"{source}:{found.conflict}: merge conflict marker: resolve the conflict, then re-draft"
        )
    if found.unclosed is not None:
        raise DraftError(
            f"{source}:{found.unclosed}: unclosed '<!--': add the matching '-->', then re-draft"
        )
    if found.stray_close is not None:
        raise DraftError(
            f"{source}:{found.stray_close}: '-->' closes no comment: "
            "remove it or add the '<!--' it belongs to"
        )


def approximate_base(theirs: list[str], ours: list[str]) -> list[str]:
    """The last generation as ``ours`` must have looked, minus what ours never had.

    Items and project headings whose URL the draft does not contain are new, so they
    are not in the base (and come in as thismonth's changes); a heading's whole block
    goes with it, and so does a lead-in paragraph whose items are all new.
    """
    seen = present(ours)
    ours_set = set(ours)
    drop = [False] * len(theirs)
    i = 0
    while i < len(theirs):
        key = identity(theirs[i])
        if is_heading(key) and key not in seen:
            level = heading_level(theirs[i])
            j = i + 1
            while j < len(theirs) and not (0 < heading_level(theirs[j]) <= level):
                j += 1
            for k in range(i, j):
                drop[k] = True
            i = j
            continue
        if key is not None and not is_heading(key) and key not in seen:
            drop[i] = True
        i += 1
    # A paragraph that only introduces dropped items ("We also merged one update into
    # the `next` branch:") is new too, unless the draft has it word for word.
    for start, end in _paragraphs(theirs):
        if any(identity(theirs[k]) is not None for k in range(start, end)):
            continue
        nxt = _next_paragraph(theirs, end)
        if nxt is None:
            continue
        n_start, n_end = nxt
        items = [k for k in range(n_start, n_end) if identity(theirs[k]) is not None]
        if items and len(items) == n_end - n_start and all(drop[k] for k in items):
            for k in range(start, end):
                if theirs[k] not in ours_set:
                    drop[k] = True
    out: list[str] = []
    for line, gone in zip(theirs, drop, strict=True):
        if gone or (not line.strip() and out and not out[-1].strip()):
            continue  # dropped lines leave no run of blank lines behind, as render does
        out.append(line)
    return out


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, int]]:
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        yield i, j
        i = j


def _next_paragraph(lines: list[str], end: int) -> tuple[int, int] | None:
    i = end
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return None
    j = i
    while j < len(lines) and lines[j].strip():
        j += 1
    return i, j


# ------------------------------------------------------------------ diff3


NORMAL, CAREFUL, ITEMS = "normal", "careful", "items"
Tagged = list[tuple[str, bool]]  # a line, and whether it came from thismonth


def merge_lines(
    base: list[str], ours: list[str], theirs: list[str], *, mode: str = NORMAL
) -> list[str]:
    """The diff3 walk. ``careful`` takes from thismonth only regions that are whole
    comments or none; ``items`` only the new item lines: both exist so that a merge
    can never leave a comment open (see ``merge_draft``)."""
    regions = list(_regions(base, ours, theirs))
    # What people's lines will hold once merged: every ours line stays except those
    # of regions only thismonth changed (there ours equals the base it replaces).
    taken: set[str] = set()
    for kind, _b0, _b1, o0, o1, _t0, _t1 in regions:
        if kind != "theirs":
            taken.update(k for line in ours[o0:o1] for k in occurrences(line))
    # Items people deleted: in the last generation, nowhere in the draft.
    deleted = present(base) - present(ours)
    out: Tagged = []
    for kind, b0, b1, o0, o1, t0, t1 in regions:
        mine, new = ours[o0:o1], theirs[t0:t1]
        if kind in ("unchanged", "same", "ours"):
            out.extend((line, False) for line in mine)
        elif kind == "theirs" and (
            mode == ITEMS or (mode == CAREFUL and not (_balanced(new) and _balanced(mine)))
        ):
            out.extend(_conflict(base[b0:b1], mine, new, taken, deleted, items_only=True))
        elif kind == "theirs":
            added = _without(new, taken | deleted, whole=b0 == b1)
            taken.update(k for line in added if (k := identity(line)) is not None)
            out.extend((line, True) for line in added)
        else:
            out.extend(_conflict(base[b0:b1], mine, new, taken, deleted, items_only=mode == ITEMS))
    return _defuse(out)


def _defuse(tagged: Tagged) -> list[str]:
    """A line from thismonth that lands inside a comment people opened loses its own
    comment markers: HTML comments do not nest, and it is hidden there anyway."""
    out: list[str] = []
    inside = False
    for line, generated in tagged:
        if generated and inside and _TOKEN.search(line):
            line = _TOKEN.sub("", line).strip()
        out.append(line)
        for tok in _TOKEN.findall(line):
            if tok == "<!--":
                inside = True
            elif inside:
                inside = False
    return out


def _without(lines: list[str], have: set[str], *, whole: bool) -> list[str]:
    """``lines`` minus the items in ``have``; with ``whole``, a block whose items were
    all taken out goes entirely, so no lead-in is left introducing nothing."""
    kept = [line for line in lines if (key := identity(line)) is None or key not in have]
    if whole and len(kept) < len(lines) and not any(identity(x) is not None for x in kept):
        return []
    return kept


def _conflict(
    chunk: list[str],
    mine: list[str],
    new: list[str],
    taken: set[str],
    deleted: set[str],
    *,
    items_only: bool = False,
) -> Tagged:
    """Both changed the region: people's lines in full, plus the items nobody has yet.

    ``taken`` (updated here) holds what the merged text already has; ``deleted`` what
    people removed. When thismonth only added lines around lines people changed, both
    changes apply; otherwise the new items go after the last item of people's lines.
    """
    ops = SequenceMatcher(None, chunk, new, autojunk=False).get_opcodes()
    inserts = [new[j1:j2] for tag, _i1, _i2, j1, j2 in ops if tag == "insert"]
    pure = all(tag in ("equal", "insert") for tag, *_ in ops)
    if not items_only and pure and all(_balanced(x) for x in inserts):
        out: Tagged = [(line, False) for line in mine]
        where = SequenceMatcher(None, chunk, mine, autojunk=False).get_opcodes()
        for tag, i1, _i2, j1, j2 in reversed(ops):
            if tag != "insert":
                continue
            added = _without(new[j1:j2], taken | deleted, whole=True)
            at = _map(where, i1, len(mine))
            out[at:at] = [(line, True) for line in added]
            taken.update(k for line in added if (k := identity(line)) is not None)
        return out
    fresh = [
        line
        for line in new
        if (key := identity(line)) is not None
        and _balanced([line])
        and not is_heading(key)
        and key not in taken
        and key not in deleted
    ]
    items = [i for i, line in enumerate(mine) if (k := identity(line)) and not is_heading(k)]
    last = items[-1] if items else len(mine) - 1
    taken.update(k for line in fresh if (k := identity(line)) is not None)
    return [
        *((line, False) for line in mine[: last + 1]),
        *((line, True) for line in fresh),
        *((line, False) for line in mine[last + 1 :]),
    ]


def _balanced(lines: list[str]) -> bool:
    found = scan(lines)
    return found.unclosed is None and found.stray_close is None


def _map(ops: list[tuple[str, int, int, int, int]], i: int, end: int) -> int:
    """Where base position ``i`` (between lines) falls in the other side."""
    for tag, i1, i2, j1, _j2 in ops:
        if tag == "equal" and i1 <= i < i2:
            return j1 + (i - i1)
        if i <= i1:
            return j1
    return end


def _matches(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Matching blocks of ``a`` and ``b`` (a common prefix and suffix taken off first)."""
    n, m = len(a), len(b)
    pre = 0
    while pre < n and pre < m and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and suf < m - pre and a[n - 1 - suf] == b[m - 1 - suf]:
        suf += 1
    blocks: list[tuple[int, int, int]] = []
    if pre:
        blocks.append((0, 0, pre))
    sm = SequenceMatcher(None, a[pre : n - suf], b[pre : m - suf], autojunk=False)
    for i, j, size in sm.get_matching_blocks():
        if size:
            blocks.append((i + pre, j + pre, size))
    if suf:
        blocks.append((n - suf, m - suf, suf))
    blocks.append((n, m, 0))
    return blocks


def _sync_regions(base: list[str], ours: list[str], theirs: list[str]) -> list[tuple[int, ...]]:
    """Base ranges matched in both ours and theirs, with where they sit in each."""
    am = _matches(base, ours)
    bm = _matches(base, theirs)
    ia = ib = 0
    out: list[tuple[int, ...]] = []
    while ia < len(am) and ib < len(bm):
        abase, amatch, alen = am[ia]
        bbase, bmatch, blen = bm[ib]
        lo = max(abase, bbase)
        hi = min(abase + alen, bbase + blen)
        if lo < hi:
            out.append(
                (
                    lo,
                    hi,
                    amatch + lo - abase,
                    amatch + hi - abase,
                    bmatch + lo - bbase,
                    bmatch + hi - bbase,
                )
            )
        if abase + alen < bbase + blen:
            ia += 1
        else:
            ib += 1
    n = len(base)
    out.append((n, n, len(ours), len(ours), len(theirs), len(theirs)))
    return out


def _regions(
    base: list[str], ours: list[str], theirs: list[str]
) -> Iterator[tuple[str, int, int, int, int, int, int]]:
    iz = ia = ib = 0
    for zmatch, zend, amatch, aend, bmatch, bend in _sync_regions(base, ours, theirs):
        if amatch - ia or bmatch - ib:
            chunk = base[iz:zmatch]
            mine = ours[ia:amatch]
            new = theirs[ib:bmatch]
            if mine == new:
                yield "same", iz, zmatch, ia, amatch, ib, bmatch
            elif chunk == mine:
                yield "theirs", iz, zmatch, ia, amatch, ib, bmatch
            elif chunk == new:
                yield "ours", iz, zmatch, ia, amatch, ib, bmatch
            else:
                yield "conflict", iz, zmatch, ia, amatch, ib, bmatch
        if zend > zmatch:
            yield "unchanged", zmatch, zend, amatch, aend, bmatch, bend
        iz, ia, ib = zend, aend, bend


# ------------------------------------------------------------------ project order


def _blocks(lines: list[str]) -> list[tuple[int, int, str | None]]:
    """Split into (start, end, key): a project block runs from its ``###`` heading (one
    with a link, commented out or not) to the next heading of level 3 or less; the rest
    are unkeyed stretches."""
    out: list[tuple[int, int, str | None]] = []
    start, key = 0, None
    for i, line in enumerate(lines):
        level = heading_level(line)
        if not 0 < level <= 3:
            continue
        k = identity(line)
        new_key = k if level == 3 and is_heading(k) else None
        if i > start or key is not None:
            out.append((start, i, key))
        start, key = i, new_key
    out.append((start, len(lines), key))
    return [b for b in out if b[1] > b[0]]


def _block_order(lines: list[str]) -> dict[str, int]:
    return {key: n for n, (_s, _e, key) in enumerate(_blocks(lines)) if key is not None}


def reorder_like(lines: list[str], order: dict[str, int]) -> list[str]:
    """Project blocks of each run between unkeyed stretches sorted as in ``order``; a
    block ``order`` does not know stays after the block it follows."""
    blocks = _blocks(lines)
    out: list[str] = []
    run: list[tuple[int, int, str | None]] = []

    def flush() -> None:
        rank: list[tuple[float, int]] = []
        last = -1.0
        for n, (_s, _e, key) in enumerate(run):
            if key in order:
                last = float(order[key])
            else:
                last += 1e-3
            rank.append((last, n))
        for _r, n in sorted(rank):
            s, e, _k = run[n]
            out.extend(lines[s:e])
        run.clear()

    for block in blocks:
        if block[2] is None:
            flush()
            out.extend(lines[block[0] : block[1]])
        else:
            run.append(block)
    flush()
    return out
