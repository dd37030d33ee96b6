"""Text a database can store: every engine we support takes any Unicode text but two kinds.

A NUL character (U+0000) can't go into a Postgres text column, and a lone surrogate
(U+D800–U+DFFF on its own: half of an emoji's UTF-16 pair, which JSON can carry as "\\ud800")
has no UTF-8 encoding. SQLite would keep both, so they are refused everywhere, the same way.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable(text: str) -> bool:
    """True when `text` holds a NUL or a lone surrogate."""
    return _UNSTORABLE.search(text) is not None


def any_unstorable(value: object) -> bool:
    """True when any string inside `value` (nested dicts and lists, keys too) is unstorable."""
    if isinstance(value, str):
        return has_unstorable(value)
    if isinstance(value, dict):
        return any(any_unstorable(k) or any_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(any_unstorable(inner) for inner in value)
    return False
