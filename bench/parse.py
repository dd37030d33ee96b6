"""Command parsing: how long `/mgr-goal` text takes to parse, typical and worst cases.

What it measures: the wall time of `bot.domain.commands.parse` (median of several runs) for a
typical `add` and `win`, for `win x` followed by 1,200 `share`s, and for `add` texts made
of 10,000 characters of options; then the same `add` at growing lengths, so you can see
whether the time grows with the length (linear) or faster. The parse runs before the ack,
which Slack wants within 3 seconds. Timings are printed, never asserted. A parse that crashes
(RecursionError) is printed as such.

How: pure function calls, no database and no Slack. `--module` loads another copy of
`commands.py` instead of the installed one, to compare with an older version:

Run (from the repository root):
    uv run python bench/parse.py
    git show e9370ad:bot/domain/commands.py > /tmp/old_commands.py
    uv run python bench/parse.py --module /tmp/old_commands.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

TODAY = dt.date(2026, 11, 23)
MIXED = " from <@U2|dana> area coaching due friday"
COMPACT = " due mon area v from <@U2>"


def load(path: str | None) -> ModuleType:
    """The commands module: the installed one, or a file (e.g. an older version) by path."""
    if path is None:
        from bot.domain import commands

        return commands
    spec = importlib.util.spec_from_file_location("bench_commands", Path(path))
    if spec is None or spec.loader is None:
        raise SystemExit(f"can't load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def repeat(text: str, length: int) -> str:
    """`text` repeated to about `length` characters."""
    return text * max(1, length // len(text))


def cases(sizes: list[int]) -> list[tuple[str, str]]:
    named = [
        ("typical add", "add Run the retro from <@U2|dana> area knowledge sharing due in 3 weeks"),
        ("typical win", "win Ran my first design review area coaching for #2 share"),
        ("win x + share x1200", "win x" + " share" * 1200),
        ("add, 10k chars of from/area/due", "add Plan the offsite" + repeat(MIXED, 10_000)),
        ("add, 10k chars of short options", "add Plan the offsite" + repeat(COMPACT, 10_000)),
    ]
    for size in sizes:
        named.append((f"add, {size:,} chars of from/area/due", "add x" + repeat(MIXED, size)))
    return named


def timed(parse: Callable[..., Any], text: str, runs: int) -> str:
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            parse(text, today=TODAY)
        except RecursionError:
            return "RecursionError (HTTP 500)"
        except ValueError:
            pass  # a CommandError is an answer too
        times.append(time.perf_counter() - start)
    return f"{statistics.median(times) * 1000:10.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", help="path of another commands.py to time instead")
    parser.add_argument("--runs", type=int, default=5, help="runs per case (median printed)")
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[1_000, 2_000, 4_000, 8_000], help="add lengths"
    )
    args = parser.parse_args()
    module = load(args.module)
    print(f"parser: {args.module or 'bot.domain.commands'}; median of {args.runs} runs")
    for name, text in cases(args.sizes):
        print(f"{name:<36} {len(text):>7,} chars  {timed(module.parse, text, args.runs)}")


if __name__ == "__main__":
    main()
