"""Site build speed: a full build of 80 issues, then an incremental rebuild after one edit.

Budgets (issue 5): full build <= 3 s, incremental rebuild <= 0.3 s.
The issues are the real published rust-osdev issues (``shared/data/rust-osdev/published``,
cycled to 80 months) when that folder is present, else synthetic issues of the same size.
Both timings are of ``thismonth.site.build()`` in-process, with a cold Markdown cache for
the full build. Run: ``.venv/bin/python bench/site.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import shared_dir
from thismonth.site import SiteOptions, build

ISSUES = 80
FULL_BUDGET = 3.0
INCREMENTAL_BUDGET = 0.3

SYNTHETIC = """+++
title = "This Month in Example: {label}"
date = {date}

[extra]
month = "{label}"
editors = ["alice"]
+++

Welcome to {label}.

<!-- more -->

{sections}
"""

SECTION = """## Project {n}

<span class="maintainers">Maintained by [@maint](https://github.com/maint)</span>

{items}

```rust
fn main() {{ println!("{n}"); }}
```
"""


def _months(count: int) -> list[tuple[str, str]]:
    from thismonth.months import MONTH_NAMES

    out = []
    year, month = 2018, 1
    for _ in range(count):
        out.append((f"{year:04d}-{month:02d}", f"{MONTH_NAMES[month - 1]} {year}"))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return out


def _texts() -> list[str]:
    shared = shared_dir()
    folder = shared / "data" / "rust-osdev" / "published" if shared else None
    if folder and folder.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("20*.md"))]
        if texts:
            return texts
    items = "\n".join(
        f"- [Change number {i}](https://github.com/example/p/pull/{i})" for i in range(40)
    )
    sections = "\n".join(SECTION.format(n=n, items=items) for n in range(8))
    return [SYNTHETIC.replace("{sections}", sections)]


def write_site(root: Path) -> Path:
    texts = _texts()
    for i, (month, label) in enumerate(_months(ISSUES)):
        text = texts[i % len(texts)]
        year, mm = int(month[:4]), int(month[5:])
        date = f"{year + (mm == 12):04d}-{mm % 12 + 1:02d}-05"
        if "{label}" in text:
            text = text.replace("{label}", label).replace("{date}", date)
        path = root / "content" / "this-month" / month / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "content" / "this-month" / _months(ISSUES)[ISSUES // 2][0] / "index.md"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="thismonth-bench-") as folder:
        root = Path(folder)
        edited = write_site(root)
        options = SiteOptions(root=root, output=root / "public", base_url="https://example.org/")
        start = time.perf_counter()
        full = build(options)
        full_s = time.perf_counter() - start
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text + "\nOne more paragraph, added by the benchmark.\n", "utf-8")
        os.utime(edited)
        start = time.perf_counter()
        incremental = build(options)
        incremental_s = time.perf_counter() - start
    ok_full = full_s <= FULL_BUDGET
    ok_inc = incremental_s <= INCREMENTAL_BUDGET
    print(
        f"full build: {len(full.issues)} issues, {len(full.rendered)} pages rendered in "
        f"{full_s:.3f} s (budget {FULL_BUDGET} s) {'ok' if ok_full else 'OVER BUDGET'}"
    )
    print(
        f"incremental rebuild after one issue changed: {len(incremental.rendered)} pages "
        f"rendered, {len(incremental.reused)} reused in {incremental_s:.3f} s "
        f"(budget {INCREMENTAL_BUDGET} s) {'ok' if ok_inc else 'OVER BUDGET'}"
    )
    return 0 if ok_full and ok_inc else 1


if __name__ == "__main__":
    sys.exit(main())
