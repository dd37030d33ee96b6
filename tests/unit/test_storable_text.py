"""The guard against text no database can store: NUL and lone surrogates, nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.text import any_unstorable, has_unstorable

# Every code point, lone surrogates included (st.text() leaves them out by default).
ANY_CHAR = st.characters(codec=None, categories=None)
BAD_CHAR = st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00", "\udfff"])
GOOD_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=["Cs"], exclude_characters="\x00")
)


def encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@given(st.text(alphabet=ANY_CHAR))
def test_unstorable_means_a_nul_or_no_utf8_encoding(text: str) -> None:
    assert has_unstorable(text) == ("\x00" in text or not encodes(text))


@given(st.text(), BAD_CHAR, st.data())
def test_one_bad_character_anywhere_makes_text_unstorable(
    text: str, bad: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert has_unstorable(text[:at] + bad + text[at:])


@given(GOOD_TEXT)
def test_everything_else_is_storable_emoji_accents_and_other_control_characters_too(
    text: str,
) -> None:
    assert not has_unstorable(text + "🎉 é \t\x01 \\x00 \\ud800")


@given(st.recursive(GOOD_TEXT, lambda inner: st.lists(inner) | st.dictionaries(GOOD_TEXT, inner)))
def test_nested_values_are_unstorable_when_any_string_inside_is(value: object) -> None:
    assert not any_unstorable(value)
    assert any_unstorable({"block": {"input": [value, {"value": "a\x00"}]}})
    assert any_unstorable([value, "\ud800"])
