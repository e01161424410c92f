"""Characters XML 1.0 cannot hold, found and dropped in one place.

A title or paragraph may carry control characters (``\\x01``, ``\\x1b``, a form feed
pasted from a terminal) or the non-characters U+FFFE/U+FFFF. Any of them makes a whole
Atom/RSS feed unparseable, and HTML e-mail clients show them as boxes. Feeds and e-mail
drop them through :func:`xml_safe`; ``check`` points at them with :func:`not_xml` so the
editor can see what the published copies will lack.
"""

from __future__ import annotations

import re

# The complement of XML 1.0's ``Char`` production (section 2.2).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (nothing else changes)."""
    return _NOT_XML.sub("", text)


def not_xml(text: str) -> list[tuple[int, str]]:
    """(offset, character) of each character XML 1.0 cannot hold."""
    return [(m.start(), m.group(0)) for m in _NOT_XML.finditer(text)]
