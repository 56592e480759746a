"""Crafted hostile media for the robustness tests: small files that decode to huge pictures."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np

__all__ = ["jpeg_claiming", "png_bomb"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, side: int) -> Path:
    """A valid grey PNG of side×side black pixels: a few hundred kB that decode to side² bytes (three
    times that as colour)."""
    row = bytes(side + 1)  # the filter byte, then the row
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )
    return path


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims width×height: a decoder allocates the claimed size."""
    data = bytearray(cv2.imencode(".jpg", np.full((16, 16, 3), 120, np.uint8))[1].tobytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)
