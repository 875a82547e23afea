"""The institution's logo on the reports' cover: checked once when uploaded, once per plan.

A logo is a PNG (read by Pillow) or an SVG without anything active: no script, no event
handler attribute, no foreign object, no DOCTYPE or entity, no link to anything outside the
file. The PDF renderer embeds it as a data URL (`reports.rendering.pdf.StaticOnlyFetcher`
answers those for PNG and SVG only), the Word renderer as a picture (PNG).
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - DOCTYPE and entities are refused first

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from goals.models import Plan
from reports.models import PlanLogo

__all__ = ["LOGO_MAX_BYTES", "PNG", "SVG", "logo_check", "plan_logo_upload"]

LOGO_MAX_BYTES = 1024 * 1024
"""A logo is at most 1 MB."""
PNG = "image/png"
SVG = "image/svg+xml"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}
LINK_ATTRIBUTES = {"href", "src"}


def _local(name: str) -> str:
    """`{http://www.w3.org/2000/svg}script` → `script` (lower case)."""
    return name.rsplit("}", 1)[-1].lower()


def _check_svg(content: bytes) -> None:
    head = content[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise ValidationError(_("The SVG file may not declare a DOCTYPE or entities."))
    try:
        root = ET.fromstring(content)  # noqa: S314 - no DOCTYPE, no entities (above)
    except ET.ParseError:
        raise ValidationError(_("The file is not a valid SVG image."))
    if _local(root.tag) != "svg":
        raise ValidationError(_("The file is not a valid SVG image."))
    for element in root.iter():
        if _local(str(element.tag)) in FORBIDDEN_ELEMENTS:
            raise ValidationError(
                _("The SVG file contains a script or embedded content (%(tag)s); it is refused.")
                % {"tag": _local(str(element.tag))}
            )
        for name, value in element.attrib.items():
            attr = _local(name)
            if attr.startswith("on"):
                raise ValidationError(
                    _("The SVG file contains an event handler (%(attr)s); it is refused.")
                    % {"attr": attr}
                )
            if attr in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                raise ValidationError(
                    _("The SVG file links to another file or address; it is refused.")
                )
            if "url(" in value and not re.fullmatch(r"(?s).*url\(\s*#[^)]*\).*", value):
                raise ValidationError(
                    _("The SVG file links to another file or address; it is refused.")
                )
        if _local(str(element.tag)) == "style" and re.search(
            r"@import|url\(\s*[^#\s]", element.text or ""
        ):
            raise ValidationError(
                _("The SVG file links to another file or address; it is refused.")
            )


def _check_png(content: bytes) -> None:
    if not content.startswith(PNG_MAGIC):
        raise ValidationError(_("The file is not a PNG image."))
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            if image.format != "PNG":
                raise ValidationError(_("The file is not a PNG image."))
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(_("The file is not a valid PNG image."))


def logo_check(name: str, content: bytes) -> str:
    """The logo's content type (PNG or SVG) after checking its type, size and content;
    ValidationError with a Turkish message otherwise."""
    if len(content) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is larger than %(size)s KB.") % {"size": LOGO_MAX_BYTES // 1024}
        )
    if not content:
        raise ValidationError(_("The file is empty."))
    lower = name.lower()
    if lower.endswith(".png"):
        _check_png(content)
        return PNG
    if lower.endswith(".svg"):
        _check_svg(content)
        return SVG
    raise ValidationError(_("The logo must be a PNG or SVG file."))


@transaction.atomic
def plan_logo_upload(*, plan: Plan, name: str, content: bytes, user: object) -> PlanLogo:
    """Check and store the plan's logo, replacing the previous one (history keeps it)."""
    content_type = logo_check(name, content)
    logo = PlanLogo.objects.select_for_update().filter(plan=plan).first() or PlanLogo(plan=plan)
    extension = "png" if content_type == PNG else "svg"
    logo.image.save(f"logo.{extension}", ContentFile(content), save=False)
    logo.content_type = content_type
    logo.sha256 = hashlib.sha256(content).hexdigest()
    logo.uploaded_by = user if getattr(user, "is_authenticated", False) else None
    logo.full_clean()
    logo.save()
    return logo
