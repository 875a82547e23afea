"""Server-side SVG charts: pure functions that return an SVG string.

The same SVG is used on the dashboards (inline in the HTML) and in the PDF reports
(WeasyPrint draws SVG but runs no JavaScript), so the charts need no script, no CSS classes
and no web fonts: every colour and size is an attribute, text uses DejaVu Sans (installed with
WeasyPrint's fonts, full Turkish glyphs). Numbers are written the Turkish way ("87,5",
"%87,50", "1,2 mn"); every text is escaped. Labels are passed in already translated, so the
module needs neither Django nor a request.

Functions: `bar_chart` (horizontal bars, e.g. aim realizations), `status_chart` (status
distribution), `grouped_bar_chart` (vertical groups, e.g. budget planned vs actual),
`line_chart` (series across periods) and `sparkline` (a small line without axes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from karsplan.lib.numbers import format_tr

__all__ = [
    "BRAND",
    "STATUS_COLORS",
    "Bar",
    "Series",
    "bar_chart",
    "compact_number",
    "grouped_bar_chart",
    "line_chart",
    "percent",
    "sparkline",
    "status_chart",
]

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
INK = "#1d2733"
MUTED = "#5b6775"
GRID = "#d9dee5"
BRAND = "#8a1c24"
NEUTRAL = "#8a94a3"
STATUS_COLORS: dict[str, str] = {
    "ulasildi": "#1e7b3a",
    "iyi": "#5a9e2f",
    "orta": "#c99700",
    "dusuk": "#d2691e",
    "cok_dusuk": "#b3261e",
    "veri_yok": "#8a94a3",
    "hedef_yok": "#b8c0cc",
    "donem_disi": "#d9dee5",
}
SERIES_COLORS = ("#8a1c24", "#0b5cad", "#1e7b3a", "#c99700", "#6a3d9a", "#d2691e", "#00838f")

Number = Decimal | int | float


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a value (None: no figure) and an optional colour."""

    label: str
    value: Number | None
    color: str | None = None
    note: str = ""
    """Extra text after the value label (e.g. "onaylanmadı")."""


@dataclass(frozen=True)
class Series:
    """A named series of values (None: a gap) with an optional colour."""

    name: str
    values: Sequence[Number | None]
    color: str | None = None


# --- Formatting -------------------------------------------------------------------------------


def _dec(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def percent(value: Number | None, places: int = 2, empty: str = "–") -> str:
    """A percentage the Turkish way: the sign before the number ("%87,50")."""
    if value is None:
        return empty
    text = format_tr(_dec(value), places=places)
    return f"-%{text[1:]}" if text.startswith("-") else f"%{text}"


def compact_number(value: Number | None, empty: str = "–") -> str:
    """Large amounts in Turkish short form: 950 → "950", 45.000 → "45 bin",
    1.250.000 → "1,25 mn", 3.400.000.000 → "3,4 mr"."""
    if value is None:
        return empty
    d = _dec(value)
    sizes = ((Decimal(10) ** 9, "mr"), (Decimal(10) ** 6, "mn"), (Decimal(1000), "bin"))
    for size, suffix in sizes:
        if abs(d) >= size:
            scaled = d / size
            places = 0 if abs(scaled) >= 100 else (1 if abs(scaled) >= 10 else 2)
            text = format_tr(scaled, places=places)
            if "," in text:
                text = text.rstrip("0").rstrip(",")
            return f"{text} {suffix}"
    return format_tr(d, places=0 if d == d.to_integral_value() else 2)


def _value_label(value: Number | None, unit: str, places: int, empty: str) -> str:
    if value is None:
        return empty
    if unit == "%":
        return percent(value, places)
    if unit == "TL":
        return f"{compact_number(value)} TL"
    text = format_tr(_dec(value), places=places)
    return f"{text} {unit}".rstrip()


def _text_width(text: str, size: float) -> float:
    """A rough width of `text` in DejaVu Sans at `size` px (no font metrics at hand)."""
    return len(text) * size * 0.6


def _shorten(text: str, max_width: float, size: float) -> str:
    max_chars = max(int(max_width / (size * 0.6)), 4)
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _f(x: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, title: str, body: str, desc: str = "") -> str:
    title = escape(title)
    desc_el = f"<desc>{escape(desc)}</desc>" if desc else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" role="img" aria-label="{title}" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">'
        f"<title>{title}</title>{desc_el}{body}</svg>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = 12,
    fill: str = INK,
    weight: str = "normal",
) -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{_f(size)}" '
        f'fill="{fill}"{bold}>{escape(text)}</text>'
    )


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw:
            return m * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _ticks(lo: float, hi: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values covering [lo, hi] (about `count` steps; whole steps if `integer`)."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1)
    step = _nice_step(hi - lo, count)
    if integer:
        step = max(math.ceil(step), 1)
    start = math.floor(lo / step) * step
    end = math.ceil(hi / step) * step
    n = round((end - start) / step)
    return [start + i * step for i in range(n + 1)]


def _tick_label(tick: float, unit: str) -> str:
    d = Decimal(repr(round(tick, 6))).normalize()
    if unit == "TL":
        return compact_number(d)
    places = max(-d.as_tuple().exponent, 0) if d != d.to_integral_value() else 0
    text = format_tr(d, places=min(places, 2))
    return percent(d, min(places, 2)) if unit == "%" else text


def _domain(
    values: Sequence[float], floor_at: float | None, ceil_at: float | None
) -> tuple[float, float]:
    lo = min([*values, 0.0])
    hi = max([*values, 0.0])
    if floor_at is not None:
        lo = min(lo, floor_at)
    if ceil_at is not None:
        hi = max(hi, ceil_at)
    if hi == lo:
        hi = lo + 1
    return lo, hi


# --- Charts -----------------------------------------------------------------------------------


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "%",
    max_value: Number | None = 100,
    reference: Number | None = None,
    width: int = 640,
    bar_height: int = 22,
    places: int = 2,
    empty_label: str = "–",
    integer: bool = False,
) -> str:
    """Horizontal bars with their labels on the left and their values on the right.

    The scale runs from min(0, values) to max(`max_value`, values); `reference` draws a dashed
    line (e.g. 100 %). A bar without a value shows `empty_label`.
    """
    size = 12
    label_w = min(max((_text_width(b.label, size) for b in bars), default=0) + 10, width * 0.35)
    value_w = (
        max(
            (
                _text_width(f"{_value_label(b.value, unit, places, empty_label)} {b.note}", size)
                for b in bars
            ),
            default=40,
        )
        + 12
    )
    top, gap = 8, 6
    plot_x, plot_w = label_w, max(width - label_w - value_w, 60)
    height = top + len(bars) * (bar_height + gap) + 22
    values = [float(b.value) for b in bars if b.value is not None]
    ref = float(reference) if reference is not None else None
    lo, hi = _domain(values, None, float(max_value) if max_value is not None else ref)

    def x(v: float) -> float:
        return plot_x + (v - lo) / (hi - lo) * plot_w

    body = []
    bottom = top + len(bars) * (bar_height + gap)
    for tick in _ticks(lo, hi, 4, integer):
        if lo <= tick <= hi:
            body.append(
                f'<line x1="{_f(x(tick))}" y1="{top - 4}" x2="{_f(x(tick))}" y2="{_f(bottom)}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            body.append(
                _text(
                    x(tick),
                    bottom + 14,
                    _tick_label(tick, unit),
                    anchor="middle",
                    size=10,
                    fill=MUTED,
                )
            )
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + gap)
        mid = y + bar_height / 2 + size * 0.35
        body.append(_text(plot_x - 6, mid, _shorten(bar.label, label_w - 10, size), anchor="end"))
        label = _value_label(bar.value, unit, places, empty_label)
        if bar.note:
            label = f"{label} {bar.note}"
        if bar.value is None:
            body.append(_text(plot_x + 4, mid, label, fill=MUTED))
            continue
        v = float(bar.value)
        x0, x1 = sorted((x(0), x(v)))
        color = bar.color or BRAND
        body.append(
            f'<rect x="{_f(x0)}" y="{_f(y)}" width="{_f(max(x1 - x0, 1))}" '
            f'height="{bar_height}" fill="{color}" rx="2"><title>{escape(bar.label)}: '
            f"{escape(label)}</title></rect>"
        )
        body.append(_text(max(x1, x(0)) + 4, mid, label))
    if lo < 0:
        body.append(
            f'<line x1="{_f(x(0))}" y1="{top - 4}" x2="{_f(x(0))}" y2="{_f(bottom)}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
    if ref is not None:
        body.append(
            f'<line x1="{_f(x(ref))}" y1="{top - 4}" x2="{_f(x(ref))}" y2="{_f(bottom)}" '
            f'stroke="{INK}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
    return _svg(width, height, title, "".join(body))


def status_chart(items: Sequence[tuple[str, str, int]], *, title: str, width: int = 640) -> str:
    """The status distribution: one bar per (status key, label, count), coloured by status,
    with the count and its share ("12 · %6,5")."""
    total = sum(count for _, _, count in items)
    bars = []
    for key, label, count in items:
        share = percent(Decimal(count) * 100 / total, 1) if total else percent(0, 1)
        bars.append(Bar(label, count, STATUS_COLORS.get(key, NEUTRAL), note=f"· {share}"))
    return bar_chart(
        bars,
        title=title,
        unit="",
        max_value=max([count for _, _, count in items] + [1]),
        width=width,
        bar_height=18,
        places=0,
        integer=True,
    )


def _legend(series: Sequence[Series], x: float, y: float, width: float) -> tuple[str, float]:
    """Legend swatches from (x, y), wrapping at `width`; returns (svg, height used)."""
    parts, cx, cy = [], x, y
    for i, s in enumerate(series):
        w = 16 + _text_width(s.name, 11) + 14
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 16
        color = s.color or SERIES_COLORS[i % len(SERIES_COLORS)]
        parts.append(f'<rect x="{_f(cx)}" y="{_f(cy - 9)}" width="10" height="10" fill="{color}"/>')
        parts.append(_text(cx + 14, cy, s.name, size=11))
        cx += w
    return "".join(parts), cy - y + 16


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "TL",
    width: int = 640,
    height: int = 260,
) -> str:
    """Vertical bars grouped by category, one bar per series (e.g. planned vs actual cost per
    aim), with a legend, a value axis and the category labels below."""
    legend, legend_h = _legend(series, 8, 14, width - 16)
    top, bottom_pad, left = 8 + legend_h, 36, 64
    plot_h = max(height - top - bottom_pad, 60)
    plot_w = width - left - 10
    values = [float(v) for s in series for v in s.values if v is not None]
    lo, hi = _domain(values, None, None)
    ticks = _ticks(lo, hi, 4)
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)

    def y(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    body = [legend]
    for tick in ticks:
        body.append(
            f'<line x1="{left}" y1="{_f(y(tick))}" x2="{_f(left + plot_w)}" '
            f'y2="{_f(y(tick))}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(left - 6, y(tick) + 4, _tick_label(tick, unit), anchor="end", size=10, fill=MUTED)
        )
    n = max(len(categories), 1)
    group_w = plot_w / n
    bar_w = min(group_w * 0.8 / max(len(series), 1), 28)
    for c, category in enumerate(categories):
        gx = left + c * group_w + (group_w - bar_w * len(series)) / 2
        for k, s in enumerate(series):
            value = s.values[c] if c < len(s.values) else None
            if value is None:
                continue
            v = float(value)
            y0, y1 = sorted((y(0), y(v)))
            color = s.color or SERIES_COLORS[k % len(SERIES_COLORS)]
            label = _value_label(value, unit, 2, "–")
            body.append(
                f'<rect x="{_f(gx + k * bar_w)}" y="{_f(y0)}" width="{_f(bar_w - 2)}" '
                f'height="{_f(max(y1 - y0, 1))}" fill="{color}"><title>{escape(category)} · '
                f"{escape(s.name)}: {escape(label)}</title></rect>"
            )
        body.append(
            _text(
                left + (c + 0.5) * group_w,
                top + plot_h + 16,
                _shorten(category, group_w, 11),
                anchor="middle",
                size=11,
            )
        )
    return _svg(width, height, title, "".join(body))


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "%",
    reference: Number | None = None,
    width: int = 640,
    height: int = 240,
    point_labels: bool | None = None,
) -> str:
    """Lines across categories (e.g. periods 2025-H1 … 2026-H1); a None value breaks the line.

    `reference` draws a dashed line (e.g. 100 %). Value labels are drawn on the points when
    there is one series (or when `point_labels` says so).
    """
    show_points = len(series) == 1 if point_labels is None else point_labels
    legend, legend_h = ("", 0.0) if len(series) <= 1 else _legend(series, 8, 14, width - 16)
    top, bottom_pad, left, right = 14 + legend_h, 30, 56, 24
    plot_h = max(height - top - bottom_pad, 60)
    plot_w = width - left - right
    values = [float(v) for s in series for v in s.values if v is not None]
    ref = float(reference) if reference is not None else None
    lo, hi = _domain(values, None, ref)
    ticks = _ticks(lo, hi, 4)
    lo, hi = ticks[0], ticks[-1]
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    body = [legend]
    for tick in ticks:
        body.append(
            f'<line x1="{left}" y1="{_f(y(tick))}" x2="{_f(left + plot_w)}" '
            f'y2="{_f(y(tick))}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(left - 6, y(tick) + 4, _tick_label(tick, unit), anchor="end", size=10, fill=MUTED)
        )
    if ref is not None:
        body.append(
            f'<line x1="{left}" y1="{_f(y(ref))}" x2="{_f(left + plot_w)}" '
            f'y2="{_f(y(ref))}" stroke="{INK}" stroke-width="1" stroke-dasharray="4 3"/>'
        )
    step = max(1, math.ceil(n * 58 / plot_w))  # thin the labels when they would overlap
    for i, label in enumerate(labels):
        if i % step == 0 or i == n - 1:
            body.append(_text(x(i), top + plot_h + 16, label, anchor="middle", size=10, fill=MUTED))
    for k, s in enumerate(series):
        color = s.color or SERIES_COLORS[k % len(SERIES_COLORS)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, value in enumerate(s.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_f(x(i))},{_f(y(float(value)))}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                body.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" '
                    f'stroke-width="2"/>'
                )
        for i, value in enumerate(s.values):
            if value is None:
                continue
            label = _value_label(value, unit, 2, "–")
            body.append(
                f'<circle cx="{_f(x(i))}" cy="{_f(y(float(value)))}" r="3" fill="{color}">'
                f"<title>{escape(s.name)} {escape(labels[i] if i < len(labels) else '')}: "
                f"{escape(label)}</title></circle>"
            )
            if show_points:
                body.append(_text(x(i), y(float(value)) - 7, label, anchor="middle", size=10))
    return _svg(width, height, title, "".join(body))


def sparkline(
    values: Sequence[Number | None],
    *,
    title: str,
    width: int = 120,
    height: int = 28,
    color: str = BRAND,
) -> str:
    """A small line without axes (e.g. an indicator's values across periods); None is a gap.

    The last value is marked with a dot. With no value at all it is an empty, titled box.
    """
    pad = 3
    present = [float(v) for v in values if v is not None]
    body = []
    if present:
        lo, hi = min(present), max(present)
        if hi == lo:
            lo, hi = lo - 1, hi + 1
        n = len(values)

        def x(i: int) -> float:
            return pad + (width - 2 * pad) * (0.5 if n == 1 else i / (n - 1))

        def y(v: float) -> float:
            return height - pad - (v - lo) / (hi - lo) * (height - 2 * pad)

        points = [(x(i), y(float(v))) for i, v in enumerate(values) if v is not None]
        segment: list[str] = []
        for i, v in enumerate(values):
            if v is None:
                if len(segment) > 1:
                    body.append(
                        f'<polyline points="{" ".join(segment)}" fill="none" '
                        f'stroke="{color}" stroke-width="1.5"/>'
                    )
                segment = []
                continue
            segment.append(f"{_f(x(i))},{_f(y(float(v)))}")
        if len(segment) > 1:
            body.append(
                f'<polyline points="{" ".join(segment)}" fill="none" stroke="{color}" '
                f'stroke-width="1.5"/>'
            )
        for px, py in points:
            body.append(f'<circle cx="{_f(px)}" cy="{_f(py)}" r="1.5" fill="{color}"/>')
        lx, ly = points[-1]
        body.append(f'<circle cx="{_f(lx)}" cy="{_f(ly)}" r="2.5" fill="{color}"/>')
    else:
        body.append(
            f'<line x1="{pad}" y1="{height / 2}" x2="{width - pad}" y2="{height / 2}" '
            f'stroke="{GRID}" stroke-width="1" stroke-dasharray="3 3"/>'
        )
    return _svg(width, height, title, "".join(body))
