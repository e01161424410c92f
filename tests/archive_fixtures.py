"""Small issues in the archive's formats, written by the tests (no ../shared needed)."""

from __future__ import annotations

from pathlib import Path

NEW_STYLE = """+++
title = "This Month in Demo: {label}"
date = 2024-07-10

[extra]
month = "{label}"
editors = ["alice"]
+++

Welcome to a new issue of _"This Month in Demo"_.

<!-- more -->

<!--
    This is a draft for the upcoming post.
-->

## Announcements

Here we collect news.

<!--
Please follow this template:

- [Title](https://example.com)
-->

## `demo` Projects

In this section, we give an overview of our projects.

### [`widget`](https://github.com/demo/widget)
<span class="maintainers">Maintained by [@alice](https://github.com/alice) and [@bob](https://github.com/orgs/demo/people/bob)</span>

The `widget` crate does widgets. We merged the following PRs this month:

#### Features

- [Add a knob](https://github.com/demo/widget/pull/{n1}) <span class="gray">(published as `v0.2.18`)</span>
- [feat: twist `TryFrom<&[u8]>`](https://github.com/demo/widget/pull/{n2})
  - a note with [a link](https://example.com)

Thanks to [@carol](https://github.com/carol) and [@dave](https://github.com/dave) for their contributions!

We also merged one update into the `next` branch for the upcoming `v0.3` release:

- [Rework gears](https://github.com/demo/widget/pull/{n3})

<!-- - [ci: bump runner](https://github.com/demo/widget/pull/{n4}) -->
<!-- - [chore(deps): update rust crate x to v2](https://github.com/demo/widget/pull/{n5})
- [build: tidy](https://github.com/demo/widget/pull/{n6}) -->

### [`gadget`](https://github.com/demo/gadget)
<span class="maintainers">Maintained by [@erin](https://github.com/erin)</span>

The `gadget` library gadgets. The latest release is now `v1.2.0` (was `v1.1.0`).

<!--
## Call for Participation

Pick up one of these issues.
-->

## Other Projects

Outside projects.

### [`someone/os`](https://github.com/someone/os)
<span class="maintainers">(Section written by [@someone](https://github.com/someone))</span>

I wrote an OS.

## Join Us?

Come and join us on [chat](https://chat.example.com).
"""

OLD_STYLE = """+++
title = "This Month in Demo ({label})"
date = 2020-05-06

[extra]
month = "{label}"
authors = [
    "alice",
    "zed",
]
+++

Welcome to the first issue.

## Project Updates

Overview of the projects.

### `widget`

The [`widget` crate](https://github.com/demo/widget) does widgets. It received:

- [Old change](https://github.com/demo/widget/pull/{n1}) <span class="gray">(published as v0.1.1)</span>

Thanks to [@carol](https://github.com/carol) for their contribution!

## Personal Projects

### `zed/kernel`

<span class="gray">(Section written by [@zed](https://github.com/zed))</span>

Stuff.

## Join Us?

Join us!
"""

YAML_STYLE = """---
title: "This Month in Demo: {label}"
month: "{label}"
editors: [alice]
---

Hello.

## Projects

### [`widget`](https://github.com/demo/widget)

Widgets.

- [A change](https://github.com/demo/widget/pull/{n1})
"""


def issue(template: str, label: str, base: int = 10) -> str:
    numbers = {f"n{i}": base + i for i in range(1, 7)}
    return template.format(label=label, **numbers)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
