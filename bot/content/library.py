"""Load and validate the move library: the packaged TOML plus an operator's override file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from bot.domain.areas import SkillArea
from bot.domain.moves import Effort, Move, MoveKind

PACKAGED = Path(__file__).with_name("moves.toml")
MIN_MOVES_PER_AREA = 1
_FIELDS = {"id", "title", "what", "why", "area", "effort", "kind"}
_LIMITS = {"id": 60, "title": 140, "what": 600, "why": 400}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
CATCH_UP_PLACEHOLDERS = {"who", "last"}


class LibraryError(ValueError):
    """The move library is invalid; the message names the file and the move."""


def _move(entry: dict[str, Any], source: Path) -> Move:
    where = f"{source}: move {entry.get('id', '?')!r}"
    unknown = set(entry) - _FIELDS
    if unknown:
        raise LibraryError(f"{where} has unknown field(s): {', '.join(sorted(unknown))}")
    for name, limit in _LIMITS.items():
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise LibraryError(f"{where} needs a non-empty `{name}`")
        if len(value) > limit:
            raise LibraryError(f"{where}: `{name}` is over {limit} characters")
    try:
        move = Move(
            id=entry["id"],
            title=entry["title"].strip(),
            what=entry["what"].strip(),
            why=entry["why"].strip(),
            area=SkillArea(entry.get("area", "")),
            effort=Effort(entry.get("effort", "")),
            kind=MoveKind(entry.get("kind", MoveKind.REGULAR)),
        )
    except ValueError as exc:
        raise LibraryError(f"{where}: {exc}") from None
    if move.kind is MoveKind.CATCH_UP:
        _check_placeholders(move, where)
    return move


def _check_placeholders(move: Move, where: str) -> None:
    """A catch-up move is a template: its title names {who}; {who} and {last} are the only
    placeholders (other moves are shown as written, braces and all)."""
    if "{who}" not in move.title:
        raise LibraryError(f"{where}: a catch_up move's `title` must name {{who}}")
    for name in ("title", "what", "why"):
        unknown = set(_PLACEHOLDER.findall(getattr(move, name))) - CATCH_UP_PLACEHOLDERS
        if unknown:
            raise LibraryError(
                f"{where}: `{name}` has unknown placeholder(s): "
                + ", ".join("{" + u + "}" for u in sorted(unknown))
                + " (a catch_up move may use {who} and {last})"
            )


def _read(path: Path) -> list[Move]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LibraryError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(f"{path} is not valid TOML: {exc}") from None
    entries = data.get("move")
    if not isinstance(entries, list):
        raise LibraryError(f"{path} has no [[move]] entries")
    moves = [_move(entry, path) for entry in entries]
    ids = [m.id for m in moves]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LibraryError(f"{path}: duplicate move id(s): {', '.join(duplicates)}")
    return moves


def load_library(extra: Path | None = None) -> list[Move]:
    """The packaged moves, with `extra`'s moves added or replacing packaged ones by id."""
    moves = {m.id: m for m in _read(PACKAGED)}
    if extra is not None:
        moves.update({m.id: m for m in _read(extra)})
    library = list(moves.values())
    for area in SkillArea:
        if not any(m.area is area and m.kind is MoveKind.REGULAR for m in library):
            raise LibraryError(f"the move library has no regular move for area {area.value}")
    for kind in (MoveKind.MANAGER_UPDATE, MoveKind.REFLECTION):
        if not any(m.kind is kind for m in library):
            raise LibraryError(f"the move library needs a move of kind {kind.value}")
    return library
