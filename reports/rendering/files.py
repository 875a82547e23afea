"""What a renderer returns, and the reports' file names."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

TR_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    content_type: str
    content: bytes


def report_filename(kind: str, year: int, half: int, extension: str) -> str:
    """`izleme-2025-h1.pdf`, `degerlendirme-2025.xlsx`: ASCII, readable, stable."""
    stem = f"{kind}-{year}" if kind == "degerlendirme" else f"{kind}-{year}-h{half}"
    return f"{slugify(stem.translate(TR_ASCII))}.{extension}"
