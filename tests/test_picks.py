from thismonth.compose.picks import section_picks
from thismonth.markdown.text import heading_slug as slug

ISSUE = """\
Intro with [a link](https://example.com/intro).

## Infrastructure and Tooling

In this section, we collect recent updates to `rustc`.

<!--
    Please use the following template:
    - [Title](https://example.com/template)
-->

### [`default_alloc_error_handler` has been stabilized](https://github.com/rust-lang/rust/pull/102318)

We merged a PR to [add an initial QEMU test](
https://github.com/rust-lang/rust/pull/101703) for the UEFI target.

- [Stabilize `abi_efiapi` feature](https://github.com/rust-lang/rust/pull/105795)
<!-- - [Dropped candidate](https://github.com/rust-lang/rust/pull/1) -->
- [Again](https://github.com/rust-lang/rust/pull/105795/)

```
- [In a code block](https://github.com/rust-lang/rust/pull/2)
```

## Announcements, News, and Blog Posts

- [A blog post](https://blog.example/post)
"""


def test_the_section_links_in_order_once_each_without_comments_or_code() -> None:
    picks = section_picks(ISSUE, "infrastructure-and-tooling")
    assert [(p.key, p.text) for p in picks] == [
        (
            "github.com/rust-lang/rust/pull/102318",
            "default_alloc_error_handler has been stabilized",
        ),
        ("github.com/rust-lang/rust/pull/101703", "add an initial QEMU test"),
        ("github.com/rust-lang/rust/pull/105795", "Stabilize abi_efiapi feature"),
    ]


def test_other_and_missing_sections() -> None:
    assert [p.key for p in section_picks(ISSUE, "announcements-news-and-blog-posts")] == [
        "blog.example/post"
    ]
    assert section_picks(ISSUE, "call-for-participation") == []
    assert section_picks("", "infrastructure-and-tooling") == []


def test_slug_ignores_marks_and_links() -> None:
    assert slug("Infrastructure and Tooling") == "infrastructure-and-tooling"
    assert slug("[`rust-osdev`](https://github.com/rust-osdev) Projects") == "rust-osdev-projects"
