"""QR codes of the app's address: for the terminal (half blocks, two rows a line), as inline SVG for the
Settings page, and as PNG. Dark modules are drawn, light ones left blank, so print them dark on light."""

from __future__ import annotations

import io

import segno

__all__ = ["qr_lines", "qr_png", "qr_svg"]

# (top module dark, bottom module dark) → one character covering both rows.
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def _code(text: str) -> segno.QRCode:
    # Medium error correction: still readable off a glossy screen; a URL with its token stays small.
    return segno.make_qr(text, error="m")


def qr_lines(text: str, *, border: int = 4) -> list[str]:
    """The code as lines of half blocks, the quiet zone included (blank)."""
    rows = [[bool(v) for v in row] for row in _code(text).matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(HALF_BLOCKS[pair] for pair in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


def qr_svg(text: str, *, scale: int = 4) -> str:
    """An inline <svg> element (no XML declaration, no script, no style attribute: the CSP allows it)."""
    out = io.BytesIO()
    _code(text).save(
        out,
        kind="svg",
        scale=scale,
        xmldecl=False,
        svgns=True,
        title="QR code of this address",
        svgclass="qr",
        light="#fff",
        omitsize=True,
    )
    return out.getvalue().decode("utf-8")


def qr_png(text: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=scale)
    return out.getvalue()
