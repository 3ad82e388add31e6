"""A fast, plain table for fpdf2: word-wrapped cells, zebra rows, headings repeated on every page.

fpdf2's own `table()` lays out each cell through `multi_cell` (about 2 ms a row), too slow for a year of
diary entries; this draws each wrapped line with `FPDF.text` and caches word widths, about 20× faster.

Public API: `draw_table(pdf, headings, rows, col_widths, *, font, size, line_height)` with `col_widths` in mm.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

PADDING = 0.8  # mm around the text in each cell
HEADING_FILL = 215
ZEBRA_FILL = 242
BASELINE = 0.78  # share of the line height above the baseline


class _Measure:
    """Cached string widths for one font and size (diary tables repeat the same words a lot)."""

    def __init__(self, pdf: FPDF) -> None:
        self._pdf = pdf
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            width = self._cache[text] = self._pdf.get_string_width(text)
        return width


def _split_long(word: str, width: float, measure: _Measure) -> list[str]:
    """Break a word wider than the column by characters."""
    pieces, current = [], ""
    for ch in word:
        if current and measure(current + ch) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current]


def wrap(text: str, width: float, measure: _Measure) -> list[str]:
    """Greedy word wrap to `width` mm; keeps explicit line breaks."""
    lines: list[str] = []
    space = measure(" ")
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            word_width = measure(word)
            if word_width > width:
                pieces = _split_long(word, width, measure)
                if current:
                    lines.append(current)
                lines.extend(pieces[:-1])
                current, current_width = pieces[-1], measure(pieces[-1])
            elif not current:
                current, current_width = word, word_width
            elif current_width + space + word_width <= width:
                current += " " + word
                current_width += space + word_width
            else:
                lines.append(current)
                current, current_width = word, word_width
        lines.append(current)
    return lines or [""]


def _draw_row(
    pdf: FPDF,
    cells: Sequence[list[str]],
    col_widths: Sequence[float],
    line_height: float,
    fill: int | None,
) -> None:
    height = max(len(lines) for lines in cells) * line_height + 2 * PADDING
    x0, y0 = pdf.l_margin, pdf.get_y()
    total = sum(col_widths)
    if fill is not None:
        pdf.set_fill_color(fill)
        pdf.rect(x0, y0, total, height, style="F")
    pdf.line(x0, y0 + height, x0 + total, y0 + height)
    x = x0
    for lines, width in zip(cells, col_widths, strict=True):
        for i, line in enumerate(lines):
            if line:
                pdf.text(x + PADDING, y0 + PADDING + (i + BASELINE) * line_height, line)
        x += width
    pdf.set_y(y0 + height)


def draw_table(
    pdf: FPDF,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    *,
    font: str,
    size: float,
    line_height: float,
) -> None:
    """Draw the table from the current y; starts a new page (with headings again) when a row won't fit."""
    pdf.set_draw_color(120)
    pdf.set_line_width(0.2)
    pdf.set_font(font, "B", size)
    bold = _Measure(pdf)
    heading_cells = [wrap(h, w - 2 * PADDING, bold) for h, w in zip(headings, col_widths, strict=True)]
    heading_height = max(len(c) for c in heading_cells) * line_height + 2 * PADDING
    pdf.set_font(font, "", size)
    regular = _Measure(pdf)

    def headings_row() -> None:
        pdf.set_font(font, "B", size)
        _draw_row(pdf, heading_cells, col_widths, line_height, HEADING_FILL)
        pdf.set_font(font, "", size)

    if pdf.get_y() + heading_height + line_height * 2 > pdf.page_break_trigger:
        pdf.add_page()
    headings_row()
    for index, row in enumerate(rows):
        cells = [wrap(text, w - 2 * PADDING, regular) for text, w in zip(row, col_widths, strict=True)]
        height = max(len(c) for c in cells) * line_height + 2 * PADDING
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            headings_row()
        _draw_row(pdf, cells, col_widths, line_height, ZEBRA_FILL if index % 2 else None)
