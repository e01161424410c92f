import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from thismonth.compose.rank import (
    MonthHistory,
    features,
    history,
    train,
    word_count_baseline,
)
from thismonth.errors import UsageError


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    labels: tuple[str, ...] = ()


def pool(month: str, titles: list[str]) -> list[Item]:
    return [Item(f"{month}/{i}", t) for i, t in enumerate(titles)]


NOISE = [
    "fix an ICE in conflict error diagnostics",
    "improve error notes for packed struct reference diagnostic",
    "remove QueryEngine trait",
    "rustdoc: add a new lint for broken inline code",
    "only cache typeck results if it's the typeck root",
    "suggest deref on comparison binop RHS",
]


def month(name: str, picked: list[str], extra_noise: int = 0) -> MonthHistory:
    items = pool(name, picked + NOISE + [f"tweak diagnostics {i}" for i in range(extra_noise)])
    return MonthHistory(name, {it.key: it.title for it in items[: len(picked)]}, items)


HISTORY = [
    month("2023-01", ["add the x86_64-unknown-none target", "stabilize abi_efiapi"]),
    month("2023-02", ["support naked functions on the uefi targets"]),
    month("2023-03", []),  # the section stayed empty: teaches nothing
    month("2023-04", ["inline asm support for riscv targets"]),
]
CANDIDATES = [
    Item("new/0", "improve diagnostics for borrowck errors"),
    Item("new/1", "add aarch64-unknown-uefi as a tier 2 target"),
    Item("new/2", "remove dead code in typeck"),
]


def test_learned_words_bring_the_likely_pick_first_with_its_reasons() -> None:
    model = train(HISTORY, "2023-05")
    assert model.months_learned == ("2023-01", "2023-02", "2023-04")
    assert model.warnings == []
    ranking = model.rank(CANDIDATES)
    assert ranking.scored[0].item.key == "new/1"
    names = [f.name for f in ranking.scored[0].reasons]
    assert "w:target" in names or "w:uefi" in names
    assert len(ranking.scored[0].reasons) <= 3
    weights = [abs(f.weight) for f in ranking.scored[0].reasons]
    assert weights == sorted(weights, reverse=True)


def test_the_model_of_a_month_ignores_later_issues() -> None:
    later = [
        *HISTORY,
        month("2023-05", ["improve diagnostics for borrowck errors"]),
        month("2023-06", ["remove dead code in typeck", "improve diagnostics"]),
    ]
    before, after = train(HISTORY, "2023-05"), train(later, "2023-05")
    assert after.weights == before.weights and after.bias == before.bias
    assert [s.item.key for s in after.rank(CANDIDATES).scored] == [
        s.item.key for s in before.rank(CANDIDATES).scored
    ]
    # while a later month does learn from them
    assert train(later, "2023-07").weights != before.weights


def test_no_earlier_picks_ranks_by_the_configured_words_and_says_so() -> None:
    model = train(HISTORY, "2023-01", keywords=["uefi", "no_std"])
    assert model.months_learned == ()
    assert model.warnings == [
        "no earlier picks for this section before 2023-01: ranked by the configured words only"
    ]
    ranking = model.rank(CANDIDATES)
    assert ranking.scored[0].item.key == "new/1"
    assert [str(f) for f in ranking.scored[0].reasons] == ["kw:uefi +1.50"]
    assert ranking.warnings == model.warnings


def test_no_picks_and_no_words_keeps_source_order_and_says_so() -> None:
    ranking = train([], "2023-01").rank(CANDIDATES)
    assert [s.item.key for s in ranking.scored] == ["new/0", "new/1", "new/2"]
    assert "no configured words" in ranking.warnings[0]


def test_configured_words_add_evidence_on_top_of_history() -> None:
    title = Item("new/3", "build core with the no_std allocator")
    plain = train(HISTORY, "2023-05").explain(title)[0]
    with_words = train(HISTORY, "2023-05", keywords=["no_std", "alloc"]).explain(title)
    assert with_words[0] > plain
    assert {f.name for f in with_words[1]} >= {"kw:no_std", "kw:alloc"}


def test_labels_count_when_the_source_has_them() -> None:
    history = [
        MonthHistory(
            "2023-01",
            {"a": "x"},
            [Item("a", "tweak things", ("O-uefi",)), Item("b", "tweak stuff"), Item("c", "fix")],
        )
    ]
    model = train(history, "2023-02")
    ranking = model.rank([Item("d", "other work"), Item("e", "other work", ("O-UEFI",))])
    assert ranking.scored[0].item.key == "e"
    assert ranking.scored[0].reasons[0].name == "label:o-uefi"


def test_recent_months_weigh_more() -> None:
    old = [month(f"2020-{m:02d}", ["improve the linker script"]) for m in range(1, 7)]
    recent = [month("2023-04", ["improve the bootloader target"])]
    pair = [Item("l", "linker improvements"), Item("t", "bootloader improvements")]
    short = train(old + recent, "2023-05", half_life=1).rank(pair)
    flat = train(old + recent, "2023-05", half_life=0).rank(pair)
    assert short.scored[0].item.key == "t"
    assert flat.scored[0].item.key == "l"


def test_a_pool_of_one_and_a_pool_of_ten_thousand() -> None:
    model = train(HISTORY, "2023-05", keywords=["target"])
    (only,) = model.rank([CANDIDATES[1]]).scored
    assert only.item.key == "new/1"
    big = [Item(f"big/{i}", f"change number {i} in module m{i % 97}") for i in range(10_000)]
    big[7_777] = Item("big/7777", "add a new uefi target")
    start = time.perf_counter()
    ranking = model.rank(big)
    assert len(ranking.scored) == 10_000
    assert ranking.scored[0].item.key == "big/7777"
    assert time.perf_counter() - start < 60  # a guard against a hang, not a benchmark
    assert model.rank([]).scored == []


def test_duplicates_in_a_pool_are_ranked_once_and_counted() -> None:
    ranking = train(HISTORY, "2023-05").rank([CANDIDATES[0], CANDIDATES[0], CANDIDATES[1]])
    assert len(ranking.scored) == 2
    assert ranking.warnings == ["1 duplicate candidate(s) ranked once"]


def test_features_are_words_identifier_parts_bigrams_and_configured_words() -> None:
    got = features("Add `no_std` support for `asm!` in core::ffi targets", ["target", "inline asm"])
    assert {"w:no_std", "w:std", "w:asm", "w:core::ffi", "w:ffi", "b:no_std support"} <= got
    assert "kw:target" in got  # "targets" still names the configured word
    assert "kw:inline asm" not in got
    assert "w:for" not in got  # too common to mean anything alone


def test_word_count_baseline_counts_words_of_earlier_picks() -> None:
    base = word_count_baseline(HISTORY, "2023-05")
    assert base.weights["w:targets"] == 2.0  # in two picks
    assert base.rank(CANDIDATES).scored[0].item.key == "new/1"


def test_history_from_published_issues_and_human_reasons() -> None:
    issues = {
        "2023-02": "## Infrastructure and Tooling\n\n- [Add a uefi target](https://github.com/rust-lang/rust/pull/5)\n",
        "2023-01": "## Infrastructure and Tooling\n\n_No updates were proposed for this section this month._\n",
    }
    pools = {
        "2023-02": [Item("github.com/rust-lang/rust/pull/5", "add a uefi target"), *CANDIDATES]
    }
    past = history(issues, "infrastructure-and-tooling", pools)
    assert [(h.month, dict(h.picks)) for h in past] == [
        ("2023-01", {}),
        ("2023-02", {"github.com/rust-lang/rust/pull/5": "Add a uefi target"}),
    ]
    model = train(past, "2023-03", keywords=["uefi"])
    best = model.rank([Item("x", "uefi: fix the boot services"), Item("y", "fix typeck")]).scored[0]
    assert best.item.key == "x"
    assert best.reasons[0].describe().startswith('configured word "uefi" +')


def test_a_bad_month_is_one_clear_line() -> None:
    with pytest.raises(UsageError, match="month '2023-13': expected YYYY-MM"):
        train(HISTORY, "2023-13")
    model = train([*HISTORY, MonthHistory("notes", {"k": "uefi"}, [])], "2023-05")
    assert model.warnings == ["history month 'notes' is not YYYY-MM: not learned from"]
    assert model.months_learned == ("2023-01", "2023-02", "2023-04")


@dataclass(frozen=True)
class Dated:
    key: str
    title: str
    published: datetime


def test_candidates_reported_in_the_target_month_are_not_evidence_against() -> None:
    def april(day: datetime) -> MonthHistory:
        items = [
            Dated("p", "add a uefi target", datetime(2023, 4, 20, tzinfo=UTC)),
            Dated("q", "bootloader tweak", day),
            Dated("q2", "bootloader fix", day),
            Dated("r", "fix typeck", datetime(2023, 4, 21, tzinfo=UTC)),
            Dated("r2", "typeck cleanup", datetime(2023, 4, 22, tzinfo=UTC)),
        ]
        return MonthHistory("2023-04", {"p": "add a uefi target"}, items)

    in_april = train([april(datetime(2023, 4, 25, tzinfo=UTC))], "2023-05")
    in_may = train([april(datetime(2023, 5, 3, tzinfo=UTC))], "2023-05")
    assert in_april.weights["w:bootloader"] < 0
    assert "w:bootloader" not in in_may.weights  # still open for May: no evidence either way
    assert in_may.weights["w:typeck"] < 0


def test_a_candidate_linked_by_an_earlier_issue_is_marked_not_dropped() -> None:
    model = train(HISTORY, "2023-05")
    again = Item("2023-02/0", "support naked functions on the uefi targets (part 2)")
    ranking = model.rank([*CANDIDATES, again])
    (marked,) = [s for s in ranking.scored if s.item.key == "2023-02/0"]
    assert marked.reasons[0].describe() == "already linked in 2023-02"
    assert marked.score == model.explain(again)[0]
    assert "1 candidate(s) already linked by an earlier issue (marked, not dropped)" in (
        ranking.warnings
    )
