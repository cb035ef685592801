"""SVG drawn at build time (no charting JavaScript): the map, progress bars and the programme timeline.

Each function returns markup for the templates; the words come in already translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import zxingcpp
from markupsafe import Markup, escape

from .geo import MapGeometry

QR_BORDER = 2  # light modules around the code (scanners want some)
QR_SCALE = 3  # pixels per module on screen (print sets its own size)
DARK_RUN = re.compile(rb"\x00+")


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    href: str
    label: str  # accessible name: commune, steps reached, whether the position is approximate
    steps_done: int
    approximate: bool
    highlighted: bool = False


def map_svg(geometry: MapGeometry, markers: list[Marker], title: str, small: bool = False) -> Markup:
    """The country with its regions and subdivisions (regions only on a small map, to keep pages light),
    and one linked marker per commune."""
    pad = 8
    view = f"{-pad} {-pad} {geometry.width + 2 * pad:g} {geometry.height + 2 * pad:g}"
    regions = "".join(f'<path d="{d}"/>' for d in geometry.regions)
    subdivisions = "" if small else "".join(f'<path d="{d}"/>' for d in geometry.subdivisions)
    css_class = "map map-small" if small else "map"
    # Highlighted marker last, so it is drawn on top.
    dots = "".join(_marker(m) for m in sorted(markers, key=lambda m: m.highlighted))
    return Markup(
        f'<svg class="{css_class}" viewBox="{view}" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'aria-label="{escape(title)}"><g class="map-subdivisions">{subdivisions}</g>'
        f'<g class="map-regions">{regions}</g><g class="map-markers">{dots}</g></svg>'
    )


def _marker(marker: Marker) -> str:
    shape = "approx" if marker.approximate else "exact"
    extra = " highlighted" if marker.highlighted else ""
    radius = 9 if marker.highlighted else 6
    return (
        f'<a href="{escape(marker.href)}" aria-label="{escape(marker.label)}">'
        f'<circle class="marker {shape} step-{marker.steps_done}{extra}" cx="{marker.x:g}" cy="{marker.y:g}" '
        f'r="{radius}"/></a>'
    )


def stacked_bar(parts: list[tuple[str, float]], total: float) -> Markup:
    """A bar of coloured segments (css class, amount) out of a total; decorative: the text is beside it."""
    x, rects = 0.0, []
    for css_class, amount in parts:
        width = 100 * amount / total if total else 0
        if width > 0:
            rects.append(f'<rect class="{css_class}" x="{x:.2f}" y="0" width="{width:.2f}" height="10"/>')
        x += width
    return Markup(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg"><rect class="bar-track" x="0" y="0" width="100" height="10"/>'
        f"{''.join(rects)}</svg>"
    )


def timeline_svg(months: int, month_now: int, labels: list[str], now_label: str, title: str) -> Markup:
    """Months 1 to N as a band, the elapsed part filled and the as-of month marked."""
    width, left, step = 360, 10, 340 / months
    ticks = []
    for month in range(1, months + 1):
        x = left + (month - 0.5) * step
        ticks.append(f'<line class="tick" x1="{x:.1f}" y1="36" x2="{x:.1f}" y2="42"/>')
        if month == 1 or month % 3 == 0:
            ticks.append(f'<text x="{x:.1f}" y="56" text-anchor="middle">{escape(labels[month - 1])}</text>')
    elapsed = min(month_now, months) * step
    now_x = left + (min(max(month_now, 1), months) - 0.5) * step
    anchor = _anchor(now_x, width)
    marker = (
        f'<line class="now" x1="{now_x:.1f}" y1="14" x2="{now_x:.1f}" y2="42"/>'
        f'<text class="now-label" x="{now_x:.1f}" y="11" text-anchor="{anchor}">{escape(now_label)}</text>'
        if month_now > 0
        else ""
    )
    band = f'x="{left}" y="20" height="16"'
    return Markup(
        f'<svg class="timeline" viewBox="0 0 {width} 62" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(title)}"><rect class="band" {band} width="{months * step:.1f}"/>'
        f'<rect class="elapsed" {band} width="{elapsed:.1f}"/>{"".join(ticks)}{marker}</svg>'
    )


def _anchor(x: float, width: float) -> str:
    if x < width * 0.2:
        return "start"
    return "end" if x > width * 0.8 else "middle"


def qr_svg(url: str, label: str) -> Markup:
    """A QR code leading to the page, for the printed fiche: one path, a line per run of dark modules.
    zxing-cpp encodes it in compiled code (and scores the eight masks), in a quarter of the time segno took
    with a fixed mask: this runs once per page, on every cold build."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    # A byte per module, 0 for dark (the package's type stub leaves out the buffer the image has).
    rows = bytes(memoryview(image))  # type: ignore[arg-type]
    lines = "".join(
        f"M{run.start() - row * size + QR_BORDER} {row + QR_BORDER + 0.5}h{len(run.group())}"
        for row in range(size)
        for run in DARK_RUN.finditer(rows, row * size, (row + 1) * size)
    )
    side = size + 2 * QR_BORDER
    return Markup(
        f'<svg role="img" aria-label="{escape(label)}" width="{side * QR_SCALE}" height="{side * QR_SCALE}" '
        f'viewBox="0 0 {side} {side}"><path stroke="#1b1f23" d="{lines}"/></svg>'
    )
