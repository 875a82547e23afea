"""Evidence files: the accepted types (checked from the content), storing and removing."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import PurePath
from typing import Any

import filetype
from django.utils.translation import gettext as _

from indicators.models import (
    Actual,
    Evidence,
)

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    DOCX: ".docx",
    XLSX: ".xlsx",
}


def evidence_check(file: Any) -> str:
    """The content type of an evidence file, judged from its content, not its name.

    Accepted: PDF, JPEG/PNG/GIF/WebP/TIFF images, Word (.doc, .docx) and Excel (.xls, .xlsx),
    at most 20 MB. Word and Excel 2007+ files are zip archives: they are told apart by their
    entries (``word/``, ``xl/``), and any other zip is refused. Raises ValueError with a
    message naming the file.
    """
    name = PurePath(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > EVIDENCE_MAX_BYTES:
        raise ValueError(_("%(name)s is larger than 20 MB.") % {"name": name})
    if size == 0:
        raise ValueError(_("%(name)s is empty.") % {"name": name})
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime in ("application/zip", DOCX, XLSX):
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            names = []
        finally:
            file.seek(0)
        if any(n.startswith("word/") for n in names):
            mime = DOCX
        elif any(n.startswith("xl/") for n in names):
            mime = XLSX
        else:
            mime = ""
    if mime not in EVIDENCE_TYPES:
        raise ValueError(
            _(
                "%(name)s is not an accepted file type. Accepted: PDF, images (JPEG, PNG), "
                "Word and Excel files."
            )
            % {"name": name}
        )
    return mime


def _evidence_create(*, user: Any, actual: Actual, file: Any, content_type: str) -> Evidence:
    original = PurePath(getattr(file, "name", "") or "dosya").name[:255]
    stem = PurePath(original).stem or "dosya"
    # The stored name gets the suffix of the detected type, never the user's.
    file.name = stem + EVIDENCE_TYPES[content_type]
    evidence = Evidence(
        actual=actual,
        original_name=original,
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    evidence.file.save(file.name, file, save=False)
    evidence.save()
    return evidence


def _evidence_remove_files(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):  # a missing file is already gone
            storage.delete(name)
