"""The printable card of a 企业绿码: a QR code holding the verification URL with the
signed token, the unit's name, the grade and the year; as PNG (Pillow) and PDF
(WeasyPrint, the Noto CJK fonts)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import qrcode
from django.template.loader import render_to_string
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from greenmfg.greencode.models import GreenCode

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)
#: index of the Simplified Chinese face in Noto's CJK collections
SC_INDEX = 2
GRADE_COLOURS = {"A+": "#0b6e2f", "A": "#2e7d32", "B": "#5d8a3a"}


def _font(size: int, bold: bool = False):
    path = FONT_FILES[1 if bold else 0]
    if Path(path).exists():
        return ImageFont.truetype(path, size, index=SC_INDEX)
    return ImageFont.load_default(size)


def qr_image(url: str) -> Image.Image:
    """The QR code of ``url`` (error correction M, 4-module quiet zone)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=6, border=4)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def card_png(code: GreenCode, url: str) -> bytes:
    """The card as a PNG (bytes): 960 × 520 pixels, the QR on the right."""
    width, height = 960, 520
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    colour = GRADE_COLOURS.get(code.grade, "#2e7d32")
    draw.rectangle([0, 0, width, 70], fill=colour)
    draw.text((30, 16), "企业绿码 · 绿色制造", font=_font(30, bold=True), fill="white")
    qr = qr_image(url)
    # scale by a whole number of pixels per module, so that every module stays square
    side = qr.size[0] // 6 * max(1, 380 // (qr.size[0] // 6))
    qr = qr.resize((side, side), Image.Resampling.NEAREST)
    img.paste(qr, (width - side - 20, 90))
    draw.text((30, 100), code.unit.name[:18], font=_font(30, bold=True), fill="black")
    if len(code.unit.name) > 18:
        draw.text((30, 140), code.unit.name[18:36], font=_font(30, bold=True), fill="black")
    draw.text((30, 190), code.grade, font=_font(120, bold=True), fill=colour)
    scope = code.run.get_level_display()
    lines = [
        f"{code.run.year}年度 · {scope}绿色工厂",
        f"生效日期：{code.valid_from.isoformat()}",
        f"统一社会信用代码：{code.unit.uscc or '—'}",
        "扫码核验：签名可离线验证，页面显示今日是否有效",
    ]
    for i, line in enumerate(lines):
        draw.text((30, 350 + i * 36), line, font=_font(22), fill="#222222")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def card_pdf(code: GreenCode, url: str, token: str) -> bytes:
    """The card as a one-page PDF (A6 landscape) rendered by WeasyPrint."""
    from weasyprint import HTML  # noqa: PLC0415 - expensive optional import (cairo, pango, fonts)

    buf = io.BytesIO()
    qr_image(url).save(buf, format="PNG")
    html = render_to_string(
        "greencode/card_pdf.html",
        {
            "code": code,
            "url": url,
            "token": token,
            "qr": "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode(),
            "colour": GRADE_COLOURS.get(code.grade, "#2e7d32"),
        },
    )
    return HTML(string=html).write_pdf()
