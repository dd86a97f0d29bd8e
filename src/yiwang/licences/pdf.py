"""The printable e-licence: an A4 PDF with the CJK font embedded, the licence's fields and a QR code holding
the verification link; the signed token is also in the PDF's metadata (Keywords) for upload-based checks.

Written against reportlab directly (yiwang.common.pdf did not exist yet); switch to it when it does."""
from __future__ import annotations

import io

import segno
from django.conf import settings
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import conf
from .domain.payload import verify_link
from .models import Licence
from .services import mask_holder_id

DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_NAME = "YiwangCJK"


def _font() -> str:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        path = getattr(settings, "YIWANG_CJK_FONT", None) or DEFAULT_FONT_PATH
        kwargs = {"subfontIndex": 0} if str(path).lower().endswith(".ttc") else {}
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, **kwargs))
    return FONT_NAME


def licence_qr(licence: Licence) -> segno.QRCode:
    return segno.make(verify_link(conf.public_url(), licence.token), error="m", boost_error=False, micro=False)


def _draw_qr(c: canvas.Canvas, qr: segno.QRCode, x: float, y: float, size: float) -> None:
    rows = list(qr.matrix_iter(scale=1, border=4))
    module = size / len(rows)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        for col, dark in enumerate(row):
            if dark:
                c.rect(x + col * module, top, module, module, stroke=0, fill=1)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if ch == "\n":
            lines.append(line)
            line = ""
            continue
        if pdfmetrics.stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    lines.append(line)
    return lines


def render_pdf(licence: Licence) -> bytes:
    font = _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(f"{licence.licence_type} {licence.number}")
    c.setAuthor(licence.department.name)
    c.setSubject("电子证照")
    c.setKeywords(f"yiwang-licence:{licence.token}")
    c.setCreator("Yiwang 一网")
    width, height = A4
    left = 25 * mm

    c.setLineWidth(2)
    c.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    c.setFont(font, 26)
    c.drawCentredString(width / 2, height - 45 * mm, licence.licence_type)
    c.setFont(font, 11)
    c.drawCentredString(width / 2, height - 54 * mm, f"证照编号：{licence.number}")

    rows = [
        ("持证主体", licence.holder_name),
        ("证件号码", mask_holder_id(licence.holder_kind, licence.holder_id_number)),
        ("许可范围", licence.scope),
        ("有效期限", f"{licence.valid_from:%Y年%m月%d日} 至 "
                     + (f"{licence.valid_until:%Y年%m月%d日}" if licence.valid_until else "长期")),
        ("发证机关", licence.department.name),
        ("发证日期", f"{licence.issued_on:%Y年%m月%d日}"),
    ]
    qr_size = 45 * mm
    _draw_qr(c, licence_qr(licence), width - 25 * mm - qr_size, 25 * mm, qr_size)
    c.setFont(font, 9)
    c.drawString(left, 40 * mm, "扫描右侧二维码，或在“证照核验”页面上传本文件，")
    c.drawString(left, 35 * mm, "即可核验本证照的真伪与状态。")
    c.drawString(left, 28 * mm, f"签名密钥：{licence.signing_key.key_id}　生成时间："
                                f"{timezone.localtime(licence.issued_at):%Y-%m-%d %H:%M}")

    y, bottom = height - 75 * mm, 80 * mm  # text above the QR block; a long scope continues on further pages

    def room():
        nonlocal y, bottom
        if y < bottom:
            c.showPage()
            c.setFont(font, 12)
            c.drawString(left, height - 30 * mm, f"（续页）证照编号：{licence.number}")
            y, bottom = height - 45 * mm, 30 * mm

    for label, value in rows:
        room()
        c.setFont(font, 12)
        c.drawString(left, y, f"{label}：")
        for line in _wrap(str(value), font, 12, width - left - 55 * mm):
            room()
            c.drawString(left + 25 * mm, y, line)
            y -= 7 * mm
        y -= 5 * mm
    c.showPage()
    c.save()
    return buf.getvalue()
