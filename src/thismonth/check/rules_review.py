"""Machine-written text an editor has not reviewed yet.

A candidate's context line suggested by a language model (``app/rewrite.py``) carries the
marker "(suggested by MODEL, review before publishing)". In the draft it is commented out;
once the editor uncomments it, the marker must go: keeping it visible means nobody
checked the sentence against its source, so ``check`` (and the site's CI) refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from thismonth.check.document import Checked
from thismonth.check.findings import Finding

_MARKER = re.compile(r"\(suggested by .{1,200}?, review before publishing\)")


def machine_written(doc: Checked) -> Iterator[Finding]:
    for i in doc.body():
        if _MARKER.search(doc.visible(i)):
            yield Finding(
                doc.path,
                i + 1,
                "review",
                "a context line written by a language model is still marked for review: "
                "check it against its source, then delete the '(suggested by ...)' marker "
                "(or the line)",
            )
