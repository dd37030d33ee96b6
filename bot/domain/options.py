"""Trailing options (`… area coaching due friday`): one linear scan shared by `add` and `win`.

A command's options are the words after its text. Each starts with a keyword, may take one of
several lengths (`area knowledge sharing`, `due in 3 weeks`) and counts at most once, so
`win Grew market share share` is a shared win called "Grew market share".

What the words from index `i` on read as depends only on what the words after them read as, so
one backward pass decides it for every `i` with a bounded amount of work per word, and stops
where the trailing options end: no recursion (a long run of option words used to overflow the
stack) and no copy of the remaining words per word (a 10,000-character command used to take
seconds, past Slack's 3-second ack).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

Options = dict[str, object]
Reading = tuple[str, object, int]
"""One way to read the option at a word: (option name, value, words used including keyword)."""

Reader = Callable[[Sequence[str], int], Iterable[Reading]]
"""The readings of the option starting at `words[start]`, preferred first; none if it isn't one."""


def trailing_options(words: Sequence[str], read: Reader, *, longest: int) -> list[Options | None]:
    """For each start index `i`, the options that `words[i:]` reads as, or None if it doesn't.

    The last entry (no words left) is `{}`. At each start the first reading whose remainder
    reads as options that don't already hold its name wins; the text of a command is then
    everything before the first start (after the verb's first word) that reads as options.
    `longest` is the most words any reading uses: once that many starts in a row read as
    nothing, no earlier start can, so the scan stops there, after the trailing options.
    """
    parsed: list[Options | None] = [None] * len(words) + [{}]
    misses = 0
    for start in range(len(words) - 1, -1, -1):
        if misses >= longest:
            break
        for name, value, used in read(words, start):
            if not 0 < used <= longest:
                raise ValueError(f"a reading of {name!r} uses {used} words, not 1 to {longest}")
            rest = parsed[start + used]
            if rest is not None and name not in rest:
                parsed[start] = {name: value, **rest}
                break
        misses = 0 if parsed[start] is not None else misses + 1
    return parsed


def first_options_after(
    parsed: Sequence[Options | None], *, skip: int
) -> tuple[int, Options] | None:
    """The first start index at or after `skip` whose words read as options, with the options."""
    for start in range(skip, len(parsed) - 1):
        if (options := parsed[start]) is not None:
            return start, options
    return None
