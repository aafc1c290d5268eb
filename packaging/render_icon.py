"""Render the application icon: ``python packaging/render_icon.py``.

Draws ``resources/icons/workbench.svg`` into ``resources/icons/workbench-256.png``
with Qt's own SVG renderer (``PySide6.QtSvg``, part of PySide6-Essentials), so no
Inkscape or rsvg is needed. Other sizes, e.g. for the hicolor icon theme::

    python packaging/render_icon.py --size 48 --out /tmp/workbench-48.png

Runs headless (``QT_QPA_PLATFORM=offscreen`` unless set otherwise).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "workbench.svg"
PNG = ROOT / "resources" / "icons" / "workbench-256.png"


def render(svg: Path, size: int):
    """The icon drawn at ``size`` x ``size`` pixels on a transparent background, as a QImage."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # a QApplication, not a QGuiApplication: in a test run the same process later
    # builds widgets, and Qt aborts when the instance is only a QGuiApplication
    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 (kept alive)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG, help=f"source image (default {SVG.relative_to(ROOT)})")
    parser.add_argument("--size", type=int, default=256, help="width and height in pixels (default 256)")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"PNG to write (default {PNG.relative_to(ROOT)} at size 256)")
    args = parser.parse_args(argv)
    out = args.out or (PNG if args.size == 256 else PNG.with_name(f"workbench-{args.size}.png"))
    image = render(args.svg, args.size)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({args.size}x{args.size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
