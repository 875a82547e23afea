"""What each status of the computation is called: the one table from a status code to its
translatable name. `indicators.computation` knows only the codes (`Status`); every page, chart,
report and workbook that names a status asks this table.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from indicators.computation import Status

__all__ = ["STATUS_NAMES", "status_label"]

STATUS_NAMES: dict[Status, Promise] = {
    Status.ULASILDI: pgettext_lazy("status", "Target reached"),
    Status.IYI: pgettext_lazy("status", "Good"),
    Status.ORTA: pgettext_lazy("status", "Fair"),
    Status.DUSUK: pgettext_lazy("status", "Low"),
    Status.COK_DUSUK: pgettext_lazy("status", "Very low"),
    Status.VERI_YOK: pgettext_lazy("status", "No data"),
    Status.HEDEF_YOK: pgettext_lazy("status", "No target this year"),
    Status.DONEM_DISI: pgettext_lazy("status", "Not due this period"),
}
"""The user-facing names of the statuses (Turkish: Hedefe ulaşıldı, İyi, Orta, Düşük, Çok
düşük, Veri yok, Hedef yok, Dönem dışı)."""


def status_label(status: Status | str) -> str:
    """The status's name in the active language (Turkish: "Hedefe ulaşıldı", "İyi"…);
    ValueError for an unknown code."""
    return str(STATUS_NAMES[Status(status)])
