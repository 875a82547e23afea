"""Word building blocks for `reports.rendering.docx` (python-docx and raw WordprocessingML):
fields Word computes (TOC, PAGE), header rows repeated on every page, rows that never split,
shaded cells, and one `table` helper for every table of the report."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

__all__ = ["field", "table", "update_fields_on_open"]


def field(paragraph: object, instruction: str, placeholder: str) -> None:
    """A complex field (TOC, PAGE…) that Word computes; `placeholder` shows until then."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def update_fields_on_open(document: object) -> None:
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    document.settings.element.append(element)


def repeat_header(row: object) -> None:
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def cant_split(row: object) -> None:
    props = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    props.append(element)


def shade(cell: object, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def table(
    document: object,
    headers: list[str] | list[list[str]],
    rows: list[list[str]],
    *,
    widths: list[float] | None = None,
    numeric: set[int] = frozenset(),
    caption: str = "",
    size: float = 7.5,
) -> Table:
    """A real Word table: optional caption row and header rows repeated on every page, body
    rows that never split across pages, numbers right-aligned. Each row's cells are read
    once (python-docx recomputes a table's grid on every `cells` call)."""
    header_rows = headers if headers and isinstance(headers[0], list) else [headers]
    columns = len(header_rows[0])
    grid = document.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    sizes = [Cm(w) if w else None for w in (widths or [])]
    if widths:
        for column, width in zip(grid.columns, sizes, strict=False):
            if width:
                column.width = width

    def fill(cells: tuple, texts: list[str], bold: bool = False) -> None:
        for i, (cell, text) in enumerate(zip(cells, texts, strict=False)):
            if i < len(sizes) and sizes[i]:
                cell.width = sizes[i]
            if bold:
                shade(cell, "E9EDF2")
            if text == "":
                continue  # an empty cell stays empty, so that merging it adds nothing
            lines = str(text).split("\n")
            paragraph = cell.paragraphs[0]
            if i in numeric and not bold:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for k, line in enumerate(lines):
                run = (paragraph if k == 0 else cell.add_paragraph()).add_run(line)
                run.font.size = Pt(size)
                run.bold = bold or None

    # Two header rows: a heading over several columns (the same text side by side in the
    # first row) is merged across them, and a column with nothing in the second row is
    # merged down.
    spans: list[tuple[int, int]] = []
    if len(header_rows) == 2:
        first = list(header_rows[0])
        i = 0
        while i < columns:
            j = i
            while j + 1 < columns and first[j + 1] == first[i] and first[i]:
                j += 1
            if j > i:
                spans.append((i, j))
                for k in range(i + 1, j + 1):
                    first[k] = ""
            i = j + 1
        header_rows = [first, header_rows[1]]

    if caption:
        row = grid.add_row()
        cells = row.cells
        merged = cells[0].merge(cells[-1])
        run = merged.paragraphs[0].add_run(caption)
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        run.font.size = Pt(size)
        shade(merged, "8A1C24")
        repeat_header(row)
    header_cells = []
    for texts in header_rows:
        row = grid.add_row()
        header_cells.append(row.cells)
        fill(header_cells[-1], texts, bold=True)
        repeat_header(row)
    if len(header_cells) == 2:
        top, bottom = header_cells
        spanned = {k for i, j in spans for k in range(i, j + 1)}
        for i, text in enumerate(header_rows[1]):
            if not text and i not in spanned:
                top[i].merge(bottom[i])
        for i, j in spans:
            top[i].merge(top[j])
    for values in rows:
        row = grid.add_row()
        cant_split(row)
        fill(row.cells, values)
    document.add_paragraph()
    return grid
