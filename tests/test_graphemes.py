"""The characters a reader sees (render/format.py: graphemes), which every cut, fold and
column count of text goes by."""

from __future__ import annotations

import pytest

from statusgen.render.format import grapheme_floor, graphemes


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("e\u0301a", ["e\u0301", "a"]),  # é written as e + a combining accent
        ("\U0001f469\u200d\U0001f4bbx", ["\U0001f469\u200d\U0001f4bb", "x"]),  # 👩‍💻
        ("\U0001f44d\U0001f3fd!", ["\U0001f44d\U0001f3fd", "!"]),  # 👍🏽, a skin tone
        ("\u2764\ufe0f.", ["\u2764\ufe0f", "."]),  # ❤️, VS16
        (
            "\U0001f1fa\U0001f1e6\U0001f1e9\U0001f1ea",
            ["\U0001f1fa\U0001f1e6", "\U0001f1e9\U0001f1ea"],
        ),
        ("\U0001f1fa\U0001f1e6\U0001f1fa", ["\U0001f1fa\U0001f1e6", "\U0001f1fa"]),
        # 🏴󠁧󠁢󠁳󠁣󠁴󠁿, Scotland's flag: a black flag and tags
        (
            "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007fx",
            ["\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "x"],
        ),
        ("\u1100\u1161\u11a8\u1100", ["\u1100\u1161\u11a8", "\u1100"]),  # 각 as jamo, then ᄀ
        ("\u0938\u094d\u0924\u093e \u0915", ["\u0938\u094d\u0924\u093e", " ", "\u0915"]),  # स्ता क
        ("\u092d\u0941\u0917", ["\u092d\u0941", "\u0917"]),  # भु ग
        ("a\r\nb", ["a", "\r\n", "b"]),
        ("\u200d\U0001f4bb", ["\u200d\U0001f4bb"]),  # never begun with a joiner's picture cut off
        # SpacingMark (GB9a): a Thai or Lao consonant and its SARA AM, a letter (Lo) that is
        # a vowel sign; spacing vowel signs (Mc) of Devanagari and Thai's neighbours.
        ("\u0e01\u0e33\u0e01", ["\u0e01\u0e33", "\u0e01"]),  # กำ ก
        ("\u0e81\u0eb3\u0e81", ["\u0e81\u0eb3", "\u0e81"]),  # ກຳ ກ
        ("\u0915\u093e\u0915", ["\u0915\u093e", "\u0915"]),  # का क
        ("\u1780\u17b6\u1780", ["\u1780\u17b6", "\u1780"]),  # កា ក (Khmer)
        # ...but a Myanmar vowel that UAX #29 lets begin a cluster is not a SpacingMark.
        ("\u1000\u102b", ["\u1000", "\u102b"]),
        # Prepend (GB9b): an Arabic number sign and a Malayalam dot reph mark what follows.
        ("\u0600\u0661\u0662", ["\u0600\u0661", "\u0662"]),  # ؀١ ٢
        ("\u06dd\u0661", ["\u06dd\u0661"]),  # end of ayah over its number
        ("\u0d4e\u0d15\u0d4d", ["\u0d4e\u0d15\u0d4d"]),  # ൎക്
        ("\U000110bd\U00011090", ["\U000110bd\U00011090"]),  # Kaithi number sign
        ("\u0600\n", ["\u0600", "\n"]),  # ...but a line still ends where it ends (GB5)
    ],
)
def test_graphemes_are_the_characters_a_reader_sees(text: str, seen: list[str]) -> None:
    assert seen == list(graphemes(text))


def test_grapheme_floor_never_splits_a_character() -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    assert 7 == grapheme_floor(family * 2, 10)
    assert 0 == grapheme_floor(family, 6)
    assert 14 == grapheme_floor(family * 2, 99)


def test_thai_is_never_cut_between_a_consonant_and_sara_am() -> None:
    text = "\u0e02" + "\u0e01\u0e33" * 120  # ข then กำ × 120, no spaces
    for index in range(len(text)):
        floor = grapheme_floor(text, index)
        assert floor == len(text) or text[floor] != "\u0e33", index
