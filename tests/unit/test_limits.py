from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.blocks import SectionBlock

from bot.slack.blocks.limits import SECTION_TEXT, pack_lines


def _text(block: SectionBlock) -> str:
    return block.text.text  # type: ignore[union-attr]


@given(
    st.lists(
        st.text(st.characters(exclude_characters="\n"), min_size=1, max_size=4000), max_size=300
    ),
    st.integers(min_value=2, max_value=60),
    st.integers(min_value=500, max_value=20000),
)
def test_packed_lines_stay_within_limits(lines: list[str], max_blocks: int, max_chars: int) -> None:
    blocks = pack_lines(lines, max_blocks=max_blocks, max_chars=max_chars, more_hint="See Home.")
    assert len(blocks) <= max_blocks
    assert all(len(_text(b)) <= SECTION_TEXT for b in blocks)
    assert sum(len(_text(b)) for b in blocks) <= max_chars + 100
    if blocks and "…and" in _text(blocks[-1]):
        shown = sum(_text(b).count("\n") + 1 for b in blocks[:-1])
        assert f"…and {len(lines) - shown} more" in _text(blocks[-1])


def test_everything_fits_when_small() -> None:
    blocks = pack_lines(["a", "b"], max_blocks=5, max_chars=1000, more_hint="x")
    assert [_text(b) for b in blocks] == ["a\nb"]
