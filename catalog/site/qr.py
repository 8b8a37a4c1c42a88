"""QR codes (segno) for the site's pages and the 专区 poster of the 26 domain codes.

A code's SVG is written from segno's module matrix as one path of horizontal runs, so the
bytes depend only on the URL (deterministic rebuilds) and a page can be reprinted at any
size. The poster is an A4 SVG, or the same layout drawn with Pillow as PNG / PDF at 300 dpi.
"""
from __future__ import annotations

import html
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gongkai.catalog.errors import UsageError

BORDER = 4          # quiet zone in modules, as ISO/IEC 18004 asks
ERROR = "m"         # 15 % recovery: a poster behind glass or a little creased still scans


def matrix(url: str) -> list[list[bool]]:
    import segno

    return [[bool(v) for v in row] for row in segno.make(url, error=ERROR, micro=False).matrix]


def _path(m: list[list[bool]], x0: float = 0, y0: float = 0, unit: float = 1) -> str:
    runs = []
    for y, row in enumerate(m):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{_n(x0 + start * unit)} {_n(y0 + y * unit)}h{_n((x - start) * unit)}v{_n(unit)}"
                            f"h{_n(-(x - start) * unit)}z")
            else:
                x += 1
    return "".join(runs)


def _n(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _module_path(m: list[list[bool]]) -> str:
    """``_path`` on the module grid itself (integer coordinates, the common case made fast)."""
    runs = []
    for y, row in enumerate(m, BORDER):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append(f"M{start + BORDER} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(runs)


def code_svg(url: str, title: str = "") -> bytes:
    """One QR code as a standalone SVG; ``title`` is read out by screen readers."""
    m = matrix(url)
    size = len(m) + 2 * BORDER
    label = html.escape(title or url)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 4}" '
            f'height="{size * 4}" role="img" aria-label="{label}"><title>{label}</title>'
            f'<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{_module_path(m)}"/></svg>\n').encode("utf-8")


PARALLEL_FROM = 400      # codes: segno is pure Python (~7 ms a code), so many codes use every core


def code_svgs(jobs: list[tuple[str, str]]) -> list[bytes]:
    """``code_svg`` of each (url, title), in order; spread over the CPU cores for a large site."""
    import os

    if len(jobs) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [code_svg(url, title) for url, title in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor() as pool:
        return list(pool.map(_code_svg_job, jobs, chunksize=64))


def _code_svg_job(job: tuple[str, str]) -> bytes:
    return code_svg(*job)


# -- the poster ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PosterCode:
    label: str       # "19 社会救助"
    url: str


A4 = (210.0, 297.0)          # mm, portrait
COLUMNS = 5
MARGIN = 12.0
TOP = 38.0                   # title block
FOOT = 14.0
FONT = '"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","SimHei",sans-serif'


def _grid(n: int) -> tuple[int, float, float, float]:
    rows = -(-n // COLUMNS)
    cell_w = (A4[0] - 2 * MARGIN) / COLUMNS
    cell_h = (A4[1] - TOP - FOOT - MARGIN) / max(rows, 1)
    side = min(cell_w - 6, cell_h - 9)       # room for the name under each code
    return rows, cell_w, cell_h, side


def _label_size(label: str, width: float, largest: float = 3.8) -> float:
    """A font size (mm) at which the label fits the cell: CJK characters are 1 em wide, others ~0.55."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in label)
    return round(min(largest, width / max(ems, 1)), 2)


def _placed(codes: list[PosterCode]):
    """Each code with its top-left corner (mm), module matrix, module size (mm) and label size."""
    _, cell_w, cell_h, side = _grid(len(codes))
    for k, code in enumerate(codes):
        row, col = divmod(k, COLUMNS)
        m = matrix(code.url)
        yield (code, MARGIN + col * cell_w + (cell_w - side) / 2, TOP + row * cell_h, m,
               side / (len(m) + 2 * BORDER), _label_size(code.label, cell_w - 2))


def poster_svg(title: str, subtitle: str, codes: list[PosterCode], footer: str) -> bytes:
    side = _grid(len(codes))[3]
    e = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(A4[0])}mm" height="{_n(A4[1])}mm" '
             f'viewBox="0 0 {_n(A4[0])} {_n(A4[1])}" role="img" aria-label="{e(title)}" font-family=\'{FONT}\'>',
             f"<title>{e(title)}</title>", f'<rect width="{_n(A4[0])}" height="{_n(A4[1])}" fill="#fff"/>',
             f'<rect x="0" y="0" width="{_n(A4[0])}" height="4" fill="#b5121b"/>',
             f'<text x="{_n(A4[0] / 2)}" y="20" font-size="9" font-weight="bold" text-anchor="middle" '
             f'fill="#b5121b">{e(title)}</text>',
             f'<text x="{_n(A4[0] / 2)}" y="29" font-size="4.6" text-anchor="middle" fill="#222">{e(subtitle)}</text>']
    for code, x, y, m, unit, size in _placed(codes):
        parts.append(f'<g><rect x="{_n(x)}" y="{_n(y)}" width="{_n(side)}" height="{_n(side)}" fill="#fff" '
                     f'stroke="#ccc" stroke-width="0.2"/><path fill="#000" '
                     f'd="{_path(m, x + BORDER * unit, y + BORDER * unit, unit)}"/>'
                     f'<text x="{_n(x + side / 2)}" y="{_n(y + side + 5)}" '
                     f'font-size="{_n(size)}" text-anchor="middle" '
                     f'fill="#111">{e(code.label)}</text></g>')
    parts.append(f'<text x="{_n(A4[0] / 2)}" y="{_n(A4[1] - 8)}" font-size="3.4" text-anchor="middle" '
                 f'fill="#444">{e(footer)}</text></svg>\n')
    return "".join(parts).encode("utf-8")


def poster_image(title: str, subtitle: str, codes: list[PosterCode], footer: str, dpi: int = 300):
    """The same layout as ``poster_svg`` as a Pillow image (for PNG and PDF)."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = chinese_font()
    px = dpi / 25.4
    img = Image.new("RGB", (round(A4[0] * px), round(A4[1] * px)), "white")
    draw = ImageDraw.Draw(img)

    def font(mm: float):
        return ImageFont.truetype(font_path, round(mm * px * 0.95), index=_sc_index(font_path))

    def centred(text: str, y_mm: float, mm: float, fill: str) -> None:
        f = font(mm)
        w = draw.textlength(text, font=f)
        draw.text(((A4[0] * px - w) / 2, (y_mm - mm * 0.85) * px), text, font=f, fill=fill)

    draw.rectangle([0, 0, img.width, round(4 * px)], fill="#b5121b")
    centred(title, 20, 9, "#b5121b")
    centred(subtitle, 29, 4.6, "#222222")
    side = _grid(len(codes))[3]
    for code, x, y, m, unit, size in _placed(codes):
        draw.rectangle([x * px, y * px, (x + side) * px, (y + side) * px], outline="#cccccc")
        for r, line in enumerate(m):
            for c, dark in enumerate(line):
                if dark:
                    x1, y1 = (x + (c + BORDER) * unit) * px, (y + (r + BORDER) * unit) * px
                    draw.rectangle([round(x1), round(y1), round(x1 + unit * px) - 1, round(y1 + unit * px) - 1],
                                   fill="black")
        f = font(size)
        w = draw.textlength(code.label, font=f)
        draw.text(((x + side / 2) * px - w / 2, (y + side + 1.6) * px), code.label, font=f, fill="#111111")
    centred(footer, A4[1] - 8, 3.4, "#444444")
    return img


def write_poster(path: Path, title: str, subtitle: str, codes: list[PosterCode], footer: str) -> None:
    """SVG, PNG or PDF by the file's extension, written atomically."""
    import io

    from gongkai.catalog.toml_store import atomic_write_bytes

    suffix = path.suffix.lower()
    if suffix == ".svg":
        atomic_write_bytes(path, poster_svg(title, subtitle, codes, footer))
        return
    if suffix not in (".png", ".pdf"):
        raise UsageError(f"--qr-sheet {path}: name a file ending .svg, .png or .pdf")
    img = poster_image(title, subtitle, codes, footer)
    buf = io.BytesIO()
    if suffix == ".png":
        img.save(buf, "PNG", dpi=(300, 300), optimize=True)
    else:
        img.save(buf, "PDF", resolution=300.0, title=title, creationDate=None, modDate=None)
    atomic_write_bytes(path, buf.getvalue())


_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)


def chinese_font() -> str:
    """A font file with Chinese glyphs: the usual places, then fontconfig."""
    for p in _FONT_CANDIDATES:
        if Path(p).exists():
            return p
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True).stdout
        if found and Path(found).exists():
            return found
    raise UsageError("no Chinese font found for a PNG/PDF poster (install fonts-noto-cjk); "
                     "or write the poster as SVG (--qr-sheet FILE.svg), which the browser or printer renders")


def _sc_index(path: str) -> int:
    # NotoSansCJK-Regular.ttc holds JP, KR, SC, TC, HK in that order: pick Simplified Chinese
    return 2 if path.endswith("NotoSansCJK-Regular.ttc") else 0
