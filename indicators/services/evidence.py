"""Evidence files: the accepted types (checked from the content), storing and removing."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals import permissions
from indicators.models import (
    EVIDENCE_DIR,
    Actual,
    Evidence,
    Submission,
    SubmissionStatus,
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
"""The accepted types (judged from the content) and the suffix a stored file gets."""
EVIDENCE_SUFFIXES = (
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".tif",
    ".tiff",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
)
"""The file names the browser offers to choose (the file input's `accept`); the server judges
the content against `EVIDENCE_TYPES` whatever the name."""


def evidence_types_text() -> str:
    """The accepted types as the messages and the page list them, from `EVIDENCE_SUFFIXES`:
    ".pdf, .jpg, .jpeg, … (en çok 20 MB)"."""
    return _("%(types)s; at most %(mb)s MB each") % {
        "types": ", ".join(EVIDENCE_SUFFIXES),
        "mb": EVIDENCE_MAX_BYTES // (1024 * 1024),
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
        raise ValueError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )
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
            _("%(name)s is not an accepted file type. Accepted: %(types)s.")
            % {"name": name, "types": evidence_types_text()}
        )
    return mime


def _evidence_create(*, user: Any, actual: Actual, file: Any, content_type: str) -> Evidence:
    """Insert the evidence row under a reserved stored name; the file itself is written by
    `_evidence_store_files`, the save's last step before its commit (see there)."""
    original = PurePath(getattr(file, "name", "") or "dosya").name[:255]
    stem = PurePath(original).stem or "dosya"
    evidence = Evidence(
        actual=actual,
        original_name=original,
        content_type=content_type,
        size=file.size,
        uploaded_by=user,
    )
    # The stored name is random, with the suffix of the detected type, never the user's.
    field = Evidence._meta.get_field("file")
    evidence.file.name = field.generate_filename(evidence, stem + EVIDENCE_TYPES[content_type])
    evidence._history_user = user if getattr(user, "is_authenticated", False) else None
    evidence.save()
    return evidence


def _evidence_mark_removed(*, user: Any, pks: Any, now: dt.datetime) -> list[str]:
    """Mark evidence files removed (kept on disk, restorable by the strategy office until the
    period is approved; `evidence_purge_removed`); the history records who and when. Returns
    the names of the files removed."""
    names = []
    who = user if getattr(user, "is_authenticated", False) else None
    for evidence in Evidence.objects.filter(pk__in=list(pks), removed_at__isnull=True):
        evidence.removed_at = now
        evidence.removed_by = who
        evidence._history_user = who
        evidence.save(update_fields=["removed_at", "removed_by"])
        names.append(evidence.original_name)
    return names


@transaction.atomic
def evidence_restore(*, user: Any, evidence: Evidence) -> Evidence:
    """Attach a removed evidence file again (the strategy office only). Refused once the
    period's submission is approved: the removed files are then deleted for good."""
    if not permissions.is_strategy(user):
        raise PermissionDenied
    evidence = (
        Evidence.objects.select_for_update()
        .select_related("actual__indicator__target")
        .get(pk=evidence.pk)
    )
    if evidence.removed_at is None:
        return evidence
    approved = Submission.objects.filter(
        unit_id=evidence.actual.indicator.target.responsible_unit_id,
        period_id=evidence.actual.period_id,
        status=SubmissionStatus.APPROVED,
    ).exists()
    if approved:
        raise ValidationError(_("The period is approved: removed files can no longer be restored."))
    evidence.removed_at = None
    evidence.removed_by = None
    evidence._history_user = user
    evidence.save(update_fields=["removed_at", "removed_by"])
    return evidence


def evidence_purge_removed(*, unit_id: int, period_id: int) -> int:
    """Delete for good the removed evidence files of a unit's period (on its approval); the
    files go after the commit. Returns how many."""
    doomed = Evidence.objects.filter(
        removed_at__isnull=False,
        actual__period_id=period_id,
        actual__indicator__target__responsible_unit_id=unit_id,
    )
    names = list(doomed.values_list("file", flat=True))
    if names:
        for evidence in doomed:
            evidence.delete()
        transaction.on_commit(functools.partial(_evidence_remove_files, names))
    return len(names)


def _evidence_store_files(pending: list[tuple[Evidence, Any]], stored: list[str]) -> None:
    """Write the files of rows inserted in the current transaction; call it last, just
    before the commit. Appends each name written to `stored` as soon as it is on disk, so
    that the caller removes them if the transaction fails (`_evidence_remove_files`).

    Why this order: the file must be on disk before its row is committed, or a crash
    between the commit and the write would leave a row without its file (a download that
    fails for ever). Written last, a crash can only leave a file without a row, in the
    milliseconds between the write and the commit; ``manage.py evidence_orphans`` finds
    and removes such files.
    """
    storage = Evidence._meta.get_field("file").storage
    for evidence, upload in pending:
        reserved = evidence.file.name
        name = storage.save(reserved, upload, max_length=evidence.file.field.max_length)
        stored.append(name)
        if name != reserved:  # the storage picked another name (a clash of random names)
            evidence.file.name = name
            Evidence.objects.filter(pk=evidence.pk).update(file=name)


def _evidence_remove_files(names: list[str]) -> None:
    """Delete stored files; a file already gone is not an error. Call it only once the
    rows are gone for good: after the commit (`transaction.on_commit`) or a rollback."""
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):  # a missing file is already gone
            storage.delete(name)


ORPHAN_MIN_AGE = dt.timedelta(minutes=10)
"""Files younger than this are never called orphans: a save in flight writes its file just
before its commit, so a young file without a row may be about to get one."""


@dataclass
class StoredFile:
    name: str  # relative to MEDIA_ROOT, as in ``Evidence.file``
    size: int
    modified: dt.datetime


@dataclass
class EvidenceAudit:
    """What `evidence_audit` found under MEDIA_ROOT's evidence folder."""

    folder: Path
    orphans: list[StoredFile] = field(default_factory=list)  # no row, old enough to remove
    young: list[StoredFile] = field(default_factory=list)  # no row, maybe a save in flight
    missing: list[Evidence] = field(default_factory=list)  # rows whose file is not on disk


def evidence_audit(*, min_age: dt.timedelta = ORPHAN_MIN_AGE) -> EvidenceAudit:
    """Compare the evidence folder with the Evidence rows (reads only).

    The folder is listed before the rows are read, so a file whose row commits meanwhile
    is seen with its row; files modified less than `min_age` ago are kept apart (`young`).
    """
    folder = Path(settings.MEDIA_ROOT) / EVIDENCE_DIR
    audit = EvidenceAudit(folder=folder)
    on_disk: list[StoredFile] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            stat = path.stat()
            name = path.relative_to(settings.MEDIA_ROOT).as_posix()
            modified = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC)
            on_disk.append(StoredFile(name, stat.st_size, modified))
    rows = list(Evidence.objects.order_by("pk"))
    known = {row.file.name for row in rows}
    cutoff = timezone.now() - min_age
    for stored in on_disk:
        if stored.name not in known:
            (audit.orphans if stored.modified <= cutoff else audit.young).append(stored)
    present = {stored.name for stored in on_disk}
    storage = Evidence._meta.get_field("file").storage
    audit.missing = [
        row
        for row in rows
        if row.file.name not in present and not (row.file.name and storage.exists(row.file.name))
    ]
    return audit


def evidence_orphans_remove(orphans: list[StoredFile]) -> list[StoredFile]:
    """Delete orphan files found by `evidence_audit`, except any that has got a row since;
    returns the files deleted."""
    names = [stored.name for stored in orphans]
    claimed = set(Evidence.objects.filter(file__in=names).values_list("file", flat=True))
    doomed = [stored for stored in orphans if stored.name not in claimed]
    _evidence_remove_files([stored.name for stored in doomed])
    return doomed
