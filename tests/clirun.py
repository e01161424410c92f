"""Run the CLI in-process the way a user would, capturing output and exit status."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from thismonth.cli.app import main, stderr


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: str | Path, cwd: Path | None = None) -> Result:
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    stderr.file = err
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
    finally:
        os.chdir(old)
        stderr.file = None  # type: ignore[assignment]
    result = Result(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.err, result.err
    return result
