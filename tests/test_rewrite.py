"""Context lines rewritten by a language model (issue 11, item 6), end to end through the CLI.

The model is registered in these tests through llm's own plugin API (``llm.hookimpl`` +
``register_models``, as llm's tests do); no test reaches a real model or the network.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import llm
import pytest
from markdown_it import MarkdownIt

from clirun import run
from feedserver import FeedServer, Item, Route, atom, feed_server
from gitrepo import GitRepo
from thismonth.app.rewrite import clean, describe, prompt_for
from thismonth.compose.candidates import Candidate
from thismonth.markdown.comments import scan

SOURCE_LINE = "<!--   - (context to rewrite) How we boot the machine now. -->"


class FakeModel(llm.Model):
    """A model whose answer is a function of the prompt; it counts its calls."""

    can_stream = False

    def __init__(self, model_id: str, answer: Callable[[str], str]) -> None:
        self.model_id = model_id
        self.answer = answer
        self.prompts: list[str] = []

    def execute(self, prompt, stream, response, conversation):  # type: ignore[no-untyped-def]
        self.prompts.append(prompt.prompt)
        yield self.answer(prompt.prompt)


def _title(prompt: str) -> str:
    m = re.search(r"^Title: (.*)$", prompt, re.M)
    return m.group(1) if m else "?"


def _raise(prompt: str) -> str:
    raise RuntimeError(
        "server said 401 for https://api.example/v1?key=sk-abcdefghijklmnopqrstuvwxyz"
    )


RELEASE = threading.Event()


def _hang(prompt: str) -> str:
    RELEASE.wait(30)
    return "too late"


HOSTILE = (
    "Fine. --> <script>alert(1)</script>\n\n# Heading\n- [x](javascript:alert(1)) <!-- "
    "*bold* `code` <img src=x onerror=alert(1)> --!> done"
)


class Models:
    __name__ = "thismonth-test-models"

    def __init__(self) -> None:
        self.by_id = {
            "echo": FakeModel("echo", lambda p: f"A post about {_title(p)}, in one sentence."),
            "other": FakeModel("other", lambda p: "Another neutral sentence."),
            "broken": FakeModel("broken", _raise),
            "slow": FakeModel("slow", _hang),
            "hostile": FakeModel("hostile", lambda p: HOSTILE),
            "empty": FakeModel("empty", lambda p: "  \n "),
        }

    @llm.hookimpl
    def register_models(self, register):  # type: ignore[no-untyped-def]
        for model in self.by_id.values():
            register(model, aliases=(f"{model.model_id}-alias",))


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Models]:
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))  # not the user's own
    plugin = Models()
    llm.pm.register(plugin, name="thismonth-test-models")
    RELEASE.clear()
    try:
        yield plugin
    finally:
        RELEASE.set()
        llm.pm.unregister(name="thismonth-test-models")


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def d(day: int) -> datetime:
    return datetime(2022, 4, day, 12, tzinfo=UTC)


def newsletter(tmp: Path, server: FeedServer, candidates: str = "") -> Path:
    blog = server.serve(
        "/blog.xml",
        Route(
            atom(
                [
                    Item(
                        "Booting with UEFI",
                        "https://blog.example/uefi/",
                        d(5),
                        "How we boot the machine now.",
                        "b1",
                    ),
                    Item("Untold", "https://blog.example/untold/", d(9), "", "b2"),
                ]
            )
        ),
    )
    (tmp / "thismonth.toml").write_text(
        f'[newsletter]\nname = "Tiny"\norganization = "tiny"\n\n[[projects]]\nrepo = "tiny/alpha"\n\n'
        f'[[sections]]\nid = "news"\nheading = "News"\nfeeds = [{{ url = "{blog}", name = "Blog" }}]\n'
        f"{candidates}"
    )
    repo = GitRepo.init(tmp / "clones" / "alpha")
    repo.commit("Initial commit", date="2022-01-01T00:00:00+00:00")
    return tmp


def draft(tmp: Path, *args: str) -> tuple[str, str]:
    result = run("draft", "2022-04", "--repos", "clones", *args, cwd=tmp)
    assert result.code == 0, result.err
    return (tmp / "content/this-month/2022-04/index.md").read_text(), result.err


def suggestion_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "(suggested by" in line]


def test_off_by_default_asks_no_model(models: Models, server: FeedServer, tmp_path: Path) -> None:
    text, err = draft(newsletter(tmp_path, server))
    assert SOURCE_LINE in text
    assert suggestion_lines(text) == []
    assert all(m.prompts == [] for m in models.by_id.values())
    assert "rewrite" not in err


def test_the_tool_does_not_load_llm_when_the_feature_is_off() -> None:
    code = (
        "import sys, thismonth.cli.commands.draft, thismonth.cli.commands.candidates, "
        "thismonth.app.candidates, thismonth.app.rewrite; "
        "sys.exit(1 if 'llm' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_configured_model_suggests_a_line_marked_for_review(
    models: Models, server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(tmp_path, server, '\n[candidates]\nrewrite_model = "echo-alias"\n')
    text, err = draft(tmp)
    assert "context rewrite" not in err
    # the source's own line stays, the model's line follows it, inside the comment, marked
    lines = text.splitlines()
    at = lines.index(SOURCE_LINE)
    assert lines[at + 1] == (
        "<!--   - (suggested by echo-alias, review before publishing) "
        "A post about Booting with UEFI, in one sentence. -->"
    )
    assert lines[at - 1] == "<!-- - [Booting with UEFI](https://blog.example/uefi/) -->"
    # a candidate without a source line is not sent: nothing to rewrite, nothing invented
    assert len(suggestion_lines(text)) == 1
    prompts = models.by_id["echo"].prompts
    assert len(prompts) == 1
    assert "Title: Booting with UEFI\nText: How we boot the machine now." in prompts[0]
    assert "blog.example" not in prompts[0]  # only title and context are sent
    # the listing shows it too, in text and JSON
    out = run("candidates", "2022-04", "--repos", "clones", cwd=tmp).out
    assert "suggested by echo-alias (review before publishing): A post about Booting" in out
    data = json.loads(
        run("candidates", "2022-04", "--repos", "clones", "--format", "json", cwd=tmp).out
    )
    first = data["sections"][0]["candidates"][0]
    assert first["suggested_by"] == "echo-alias"
    assert first["suggestion"] == "A post about Booting with UEFI, in one sentence."
    assert first["context"] == "How we boot the machine now."


def test_the_cache_asks_once_per_model_and_candidate(
    models: Models, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = newsletter(tmp_path, server)
    first, _ = draft(tmp, "--rewrite-context", "echo")
    with monkeypatch.context() as m:  # remembered answers need no llm at all
        m.setitem(sys.modules, "llm", None)
        second, err = draft(tmp, "--rewrite-context", "echo")
    assert "context rewrite" not in err
    assert (
        run("candidates", "2022-04", "--repos", "clones", "--rewrite-context", "echo", cwd=tmp).code
        == 0
    )
    assert len(models.by_id["echo"].prompts) == 1
    assert suggestion_lines(first) == suggestion_lines(second) != []
    # another model is another question
    draft(tmp, "--rewrite-context", "other", "--force")
    assert len(models.by_id["other"].prompts) == 1
    # --no-rewrite-context overrides the config for one run
    (tmp / "thismonth.toml").write_text(
        (tmp / "thismonth.toml").read_text() + '\n[candidates]\nrewrite_model = "broken"\n'
    )
    text, err = draft(tmp, "--no-rewrite-context", "--force")
    assert suggestion_lines(text) == [] and models.by_id["broken"].prompts == []
    assert "context rewrite" not in err


@pytest.mark.parametrize(
    ("model", "said"),
    [
        ("broken", "failed (RuntimeError: server said 401 for https://api.example/v1?…)"),
        (
            "nope",
            "unknown to llm (`llm models` lists the installed models, `llm aliases` the aliases)",
        ),
        ("empty", "gave an empty answer"),
    ],
)
def test_a_failing_model_is_one_warning_and_the_source_line_stays(
    models: Models, server: FeedServer, tmp_path: Path, model: str, said: str
) -> None:
    tmp = newsletter(tmp_path, server)
    text, err = draft(tmp, "--rewrite-context", model)
    warnings = [line for line in err.splitlines() if "context rewrite model" in line]
    assert warnings == [
        f"warning: context rewrite model '{model}': {said}; 1 candidate keeps only its "
        "source's context line"
    ]
    assert "sk-abc" not in err and "key=" not in err
    assert SOURCE_LINE in text and suggestion_lines(text) == []


def test_a_model_that_does_not_answer_in_time(
    models: Models, server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(
        tmp_path, server, '\n[candidates]\nrewrite_model = "slow"\nrewrite_timeout = 0.2\n'
    )
    text, err = draft(tmp)
    assert "context rewrite model 'slow': no answer within 0.2 s" in err
    assert SOURCE_LINE in text and suggestion_lines(text) == []


def test_without_llm_installed(
    models: Models, server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "llm", None)  # `import llm` raises ImportError
    text, err = draft(newsletter(tmp_path, server), "--rewrite-context", "echo")
    assert (
        "context rewrite model 'echo': the llm library is not installed "
        "(pip install 'thismonth[llm]')" in err
    )
    assert SOURCE_LINE in text and suggestion_lines(text) == []


def test_hostile_model_output_stays_inert(
    models: Models, server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(tmp_path, server)
    text, _ = draft(tmp, "--rewrite-context", "hostile")
    [line] = suggestion_lines(text)
    assert line.startswith("<!--   - (suggested by hostile, review before publishing) ")
    assert line.endswith(" -->") and "-->" not in line[:-4] and "<!--" not in line[4:]
    lines = text.splitlines()
    found = scan(lines)
    assert found.unclosed is None and found.stray_close is None
    assert "script" not in "".join(found.visible)
    # uncommented by the editor, it is still one list item of plain text
    kept = line.removeprefix("<!-- ").removesuffix(" -->")
    html = MarkdownIt("commonmark").render("- [Booting](https://blog.example/uefi/)\n" + kept)
    assert "<script" not in html and "<img" not in html and "<h1" not in html
    assert 'href="javascript' not in html and "<em>" not in html
    assert html.count("<li>") == 2
    # and check refuses it until the editor removes the marker
    path = tmp / "content/this-month/2022-04/index.md"
    path.write_text(text.replace(line, kept))
    result = run("check", str(path), cwd=tmp)
    assert result.code == 1
    assert "review: a context line written by a language model is still marked for review" in (
        result.out + result.err
    )


def test_config_checks_the_keys(tmp_path: Path) -> None:
    (tmp_path / "thismonth.toml").write_text(
        '[candidates]\nrewrite_model = ""\nrewrite_timeout = -1\nmodel = "x"\n'
    )
    result = run("candidates", "2022-04", cwd=tmp_path)
    assert result.code == 2
    assert "thismonth.toml:2: candidates.rewrite_model: '' is not a model id or alias" in result.err
    assert "candidates.rewrite_timeout: -1 is not between 0 and 3600 seconds" in result.err
    assert "candidates.model: unknown key" in result.err


def test_the_answer_is_one_capped_line_and_errors_keep_no_secret() -> None:
    assert clean('  "Two\nlines\tof\x1b[31m text."  ') == "Two lines of [31m text."
    long = clean("word " * 200)
    assert len(long) <= 280 and long.endswith("…")
    said = describe(
        ValueError("bad https://h.example/x?key=SECRET and sk-proj-0123456789abcdefghijklmn")
    )
    assert "SECRET" not in said and "0123456789abcdef" not in said
    assert said.startswith("ValueError: bad https://h.example/x?…")
    c = Candidate("T\n<b>", "https://x.example/?utm=1", d(1), "feed F", context="C " * 900)
    prompt = prompt_for(c)
    assert "Title: T <b>\n" in prompt and "x.example" not in prompt
    assert len(prompt) < 1600


def test_redraft_keeps_the_line_the_editor_reviewed(
    models: Models, server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(tmp_path, server)
    text, _ = draft(tmp, "--rewrite-context", "echo")
    path = tmp / "content/this-month/2022-04/index.md"
    reviewed = "  - How the boot works now, reviewed."
    edited = []
    for line in text.splitlines():
        if line == "<!-- - [Booting with UEFI](https://blog.example/uefi/) -->":
            line = line.removeprefix("<!-- ").removesuffix(" -->")
        elif line == SOURCE_LINE:
            continue
        elif "(suggested by" in line:
            line = reviewed
        edited.append(line)
    path.write_text("\n".join(edited) + "\n")
    again, _ = draft(tmp, "--rewrite-context", "other")
    assert f"\n- [Booting with UEFI](https://blog.example/uefi/)\n{reviewed}\n" in again
    assert suggestion_lines(again) == [] and SOURCE_LINE not in again
    checked = run("check", str(path), cwd=tmp)
    assert "review:" not in checked.out + checked.err


def test_asking_for_a_model_without_sections_says_it_does_nothing(
    models: Models, server: FeedServer, tmp_path: Path
) -> None:
    tmp = newsletter(tmp_path, server)
    config = tmp / "thismonth.toml"
    config.write_text(config.read_text().split("[[sections]]")[0])
    _text, err = draft(tmp, "--rewrite-context", "echo")
    assert "warning: --rewrite-context: the config has no [[sections]]" in err
    assert models.by_id["echo"].prompts == []
