"""Draw the app's home-screen icons (PNG) from the favicon's own mark, once; the PNGs are committed.

    PYTHONPATH=src python tools/make_icons.py      # writes src/psoas/web/static/icons/*.png

The mark is the two strokes of static/favicon.svg (a 32-unit square): white on the header's teal. The
"any" icons keep the favicon's rounded square; the maskable one fills the whole square and keeps the
mark inside the central 80 %, the circle every launcher's mask leaves visible. Drawn 4× larger and
scaled down for smooth edges. Needs Pillow (installed with matplotlib).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src" / "psoas" / "web" / "static" / "icons"
TEAL = (31, 111, 120, 255)
WHITE = (255, 255, 255, 255)
SUPER = 4
Point = tuple[float, float]

# favicon.svg: M10 6 c6 4 8 10 6 20   M16 26 c2 -3 5 -4 8 -4  (relative cubic Béziers)
STROKES: tuple[tuple[Point, Point, Point, Point], ...] = (
    ((10, 6), (16, 10), (18, 16), (16, 26)),
    ((16, 26), (18, 23), (21, 22), (24, 22)),
)
STROKE_WIDTH = 3.0


def _bezier(p: tuple[Point, Point, Point, Point], steps: int = 800) -> list[Point]:
    out = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        out.append((a * p[0][0] + b * p[1][0] + c * p[2][0] + d * p[3][0],
                    a * p[0][1] + b * p[1][1] + c * p[2][1] + d * p[3][1]))  # fmt: skip
    return out


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPER
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=TEAL)
        scale, offset = big * 0.62 / 32, big * 0.19  # the mark within the safe circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 6 / 32, fill=TEAL)
        scale, offset = big / 32, 0.0
    radius = STROKE_WIDTH / 2 * scale
    for stroke in STROKES:
        points = [(offset + x * scale, offset + y * scale) for x, y in _bezier(stroke)]
        for x, y in points:  # a disc stamped along the curve: an even width and round caps
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192", 192, False),
        ("icon-512", 512, False),
        ("maskable-512", 512, True),
    ):
        icon(size, maskable=maskable).save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
