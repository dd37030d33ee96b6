"""The promotion packet as a PDF: the blocks of `domain/packet.document`, drawn with fpdf2.

The font is DejaVu Sans, shipped in `bot/content/fonts` (no system fonts): it covers Latin,
Greek, Cyrillic, Hebrew, Arabic and many symbols. Text shaping (uharfbuzz) is on, so Hebrew and
Arabic are laid out right to left and Arabic letters join. A character the font has no glyph
for (most emoji) is drawn as a small box instead of breaking the file; control characters are
dropped. fpdf2 embeds only the glyphs used, so a long packet stays small.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fpdf import FPDF

from bot.domain.packet import Bar, Block, Bullet, Heading, Line, PageBreak

FONTS = Path(__file__).resolve().parents[1] / "content" / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
FAMILY = "DejaVu"
MISSING = "□"

# A4 is 210 x 297 mm, US Letter 215.9 x 279.4 mm. A page 210 mm wide (A4's width) and 279.4 mm
# tall (Letter's height) fits inside both sheets, so it prints unscaled and uncropped on either;
# the 18 mm margins keep the text clear of every printer's unprintable edge.
PAGE_MM = (210.0, 279.4)
MARGIN_MM = 18.0
SIZES = {1: 18.0, 2: 14.0, 3: 12.0}
BODY = 10.5


@cache
def _covered() -> frozenset[int]:
    """The code points both shipped fonts have a glyph for."""
    pdf = FPDF()
    pdf.add_font(FAMILY, "", str(REGULAR))
    pdf.add_font(FAMILY, "B", str(BOLD))
    maps: list[set[int]] = [set(getattr(font, "cmap", {})) for font in pdf.fonts.values()]
    return frozenset(set.intersection(*maps))


def printable(text: str) -> str:
    """`text` with what the font can't draw replaced by a box and control characters dropped."""
    covered = _covered()
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n":
            out.append(" ")
        elif category in ("Cc", "Cs", "Co", "Cn"):
            out.append(MISSING if category != "Cc" else "")
        elif ord(char) in covered:
            out.append(char)
        elif category in ("Cf", "Mn", "Me", "Sk") or 0xFE00 <= ord(char) <= 0xFE0F:
            continue  # joiners, variation selectors, combining marks of an emoji sequence
        else:
            out.append(MISSING)
    return "".join(out)


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_shaping(False)
        self.set_text_color(110)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0)


def render(blocks: list[Block], *, title: str) -> bytes:
    """The packet's blocks as a PDF file's bytes."""
    pdf = _Document(unit="mm", format=PAGE_MM)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_font(FAMILY, "", str(REGULAR))
    pdf.add_font(FAMILY, "B", str(BOLD))
    pdf.set_title(printable(title))
    pdf.set_creator("mgr-goal")
    pdf.add_page()
    for block in blocks:
        _draw(pdf, block)
    return bytes(pdf.output())


def needs_shaping(text: str) -> bool:
    """Right-to-left or joined scripts need the shaping engine; plain text draws in about
    half the time without it (measured on a 1,000-win packet)."""
    return any(
        unicodedata.bidirectional(char) in ("R", "AL", "AN")
        or unicodedata.category(char) in ("Mn", "Mc")
        for char in text
    )


def _write(pdf: FPDF, text: str, *, height: float, indent: float = 0.0) -> None:
    pdf.set_text_shaping(needs_shaping(text))
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, height, printable(text) or " ", new_x="LMARGIN", new_y="NEXT")


def _draw(pdf: FPDF, block: Block) -> None:
    match block:
        case Heading(level=level, text=text):
            pdf.ln(2 if level == 3 else 4)
            pdf.set_font(FAMILY, "B", SIZES.get(level, BODY))
            _write(pdf, text, height=SIZES.get(level, BODY) * 0.5)
            pdf.ln(1)
        case Line(text=text, bold=bold):
            pdf.set_font(FAMILY, "B" if bold else "", BODY)
            _write(pdf, text, height=5.2)
        case Bullet(text=text, depth=depth):
            pdf.set_font(FAMILY, "", BODY if depth == 0 else BODY - 1)
            marker = "•" if depth == 0 else "–"
            _write(pdf, f"{marker} {text}", height=5.2, indent=4.0 + 6.0 * depth)
        case Bar(label=label, count=count, bar=drawn):
            pdf.set_font(FAMILY, "", BODY)
            pdf.set_text_shaping(False)
            pdf.set_x(pdf.l_margin + 4.0)
            pdf.cell(45, 6, label)
            pdf.cell(45, 6, drawn)
            pdf.cell(0, 6, str(count), new_x="LMARGIN", new_y="NEXT")
        case PageBreak():
            pdf.add_page()
