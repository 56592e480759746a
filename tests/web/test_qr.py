"""The QR codes decode to exactly the address they were made from (OpenCV's detector reads them)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from psoas.web.qr import qr_lines, qr_png, qr_svg
from web_support import qr_image

URL = "https://192.168.1.23:8765/?token=Vq3J_x-8LmT0aZbYc2RkN4e7WpQs1uHd"


def _decode(gray: Any) -> str:
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(gray)
    assert points is not None, "no QR code found"
    return str(text)


def test_the_png_decodes_to_the_exact_url() -> None:
    png = np.frombuffer(qr_png(URL), dtype=np.uint8)
    assert _decode(cv2.imdecode(png, cv2.IMREAD_GRAYSCALE)) == URL


def test_the_terminal_lines_decode_to_the_exact_url() -> None:
    lines = qr_lines(URL)
    assert len({len(line) for line in lines}) == 1
    assert lines[0].strip() == "" and lines[-1].strip() == ""  # the quiet zone
    assert _decode(qr_image(lines)) == URL


def test_the_svg_is_inline_and_needs_no_style_or_script() -> None:
    svg = qr_svg(URL)
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert "viewBox=" in svg and 'class="qr"' in svg
    for forbidden in ("<?xml", "style=", "<style", "<script", "href"):
        assert forbidden not in svg
