"""Notes thismonth left in a draft for the editors: each is something to act on.

``<!-- thismonth: ... -->`` notes say what a re-draft could not do on its own (a project
not refreshed, new contributors an edited thanks line does not name, a login unknown).
``publish`` removes them with the other comments; until then ``check`` shows each one
as a warning, so CI on the draft's pull request lists what is left to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thismonth.check.document import Checked
from thismonth.check.findings import WARNING, Finding

_NOTE = re.compile(r"<!--\s*thismonth:\s+(.*?)\s*-->")


def draft_notes(doc: Checked) -> Iterator[Finding]:
    for i in doc.body():
        if doc.scan.in_fence[i]:
            continue
        for m in _NOTE.finditer(doc.lines[i]):
            yield Finding(doc.path, i + 1, "draft-note", m.group(1), WARNING)
