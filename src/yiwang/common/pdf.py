"""PDF documents of the platform (guides now; receipts, notices, licences later) with an embedded CJK font.

The font is a TrueType file registered with reportlab's ``TTFont`` so it is embedded (subset) in every PDF;
the non-embedded CID font STSong-Light is never used, because readers without it show blanks.
Font: ``settings.YIWANG_CJK_FONT`` (a .ttf/.ttc path; ``YIWANG_CJK_FONT_INDEX`` for the face inside a .ttc),
else /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc face 0 (Debian/Ubuntu package ``fonts-wqy-zenhei``).

    doc = Document("企业设立登记 办事指南", subtitle="区市场监督管理局")
    doc.heading("基本信息"); doc.table([("事项编码", "..."), ("承诺时限", "3个工作日")])
    doc.paragraph("……"); doc.bullets(["申请", "受理"]); doc.qr("https://…/catalog/items/1/", caption="扫码查看")
    pdf_bytes = doc.build()
"""
from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from django.conf import settings

DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_NAME = "YiwangCJK"
FONT_PACKAGE = "fonts-wqy-zenhei"


class FontMissing(RuntimeError):
    """The CJK TrueType font is not installed."""


def font_path() -> tuple[str, int]:
    path = getattr(settings, "YIWANG_CJK_FONT", "") or DEFAULT_FONT_PATH
    index = int(getattr(settings, "YIWANG_CJK_FONT_INDEX", 0) or 0)
    return str(path), index


def register_font() -> str:
    """Register the CJK font once (embedded TTFont) and return its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path, index = font_path()
    if not os.path.exists(path):
        raise FontMissing(
            f"找不到中文字体文件 {path}：请安装 Debian/Ubuntu 软件包 {FONT_PACKAGE}"
            f"（sudo apt-get install {FONT_PACKAGE}），或在设置 YIWANG_CJK_FONT 中指定一个 TrueType 字体文件"
        )
    pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
    return FONT_NAME


def qr_png(data: str, scale: int = 4) -> bytes:
    """A QR code (segno) as PNG bytes, in memory."""
    import segno

    buf = io.BytesIO()
    segno.make(data, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


class Document:
    """A simple A4 document: title, subtitle, headings, key–value tables, paragraphs, lists and QR codes."""

    def __init__(self, title: str, *, subtitle: str = "", author: str = "一网 · 政务服务平台"):
        from reportlab.lib.styles import ParagraphStyle

        self.title, self.subtitle, self.author = title, subtitle, author
        font = register_font()
        self.styles = {
            "title": ParagraphStyle("t", fontName=font, fontSize=18, leading=24, alignment=1, spaceAfter=6,
                                    wordWrap="CJK"),
            "subtitle": ParagraphStyle("s", fontName=font, fontSize=11, leading=16, alignment=1, spaceAfter=10,
                                       wordWrap="CJK"),
            "heading": ParagraphStyle("h", fontName=font, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4,
                                      wordWrap="CJK"),
            "body": ParagraphStyle("b", fontName=font, fontSize=10, leading=15, wordWrap="CJK"),
            "small": ParagraphStyle("sm", fontName=font, fontSize=8.5, leading=12, wordWrap="CJK"),
        }
        self.story: list = []

    def _p(self, text: str, style: str = "body"):
        from reportlab.platypus import Paragraph

        return Paragraph(escape(str(text)).replace("\n", "<br/>"), self.styles[style])

    def heading(self, text: str) -> "Document":
        self.story.append(self._p(text, "heading"))
        return self

    def paragraph(self, text: str, small: bool = False) -> "Document":
        if str(text or "").strip():
            self.story.append(self._p(text, "small" if small else "body"))
        return self

    def bullets(self, items, numbered: bool = True) -> "Document":
        for i, text in enumerate(items, 1):
            self.story.append(self._p(f"{i}. {text}" if numbered else f"• {text}"))
        return self

    def table(self, rows, *, header=None, col_widths=None) -> "Document":
        """Rows of cells (any length); a two-column key–value table when rows are pairs."""
        from reportlab.lib import colors
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        data = [[self._p(c, "small") for c in header]] if header else []
        data += [[self._p("" if c is None else c, "small") for c in row] for row in rows]
        if not data:
            return self
        if col_widths is None and all(len(r) == 2 for r in data):
            col_widths = [40 * mm, 130 * mm]
        t = Table(data, colWidths=col_widths, repeatRows=1 if header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef9")))
        elif col_widths and len(col_widths) == 2:
            style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f5f6f8")))
        t.setStyle(TableStyle(style))
        self.story.append(t)
        return self

    def qr(self, data: str, *, caption: str = "", size_mm: float = 32) -> "Document":
        from reportlab.lib.units import mm
        from reportlab.platypus import Image

        img = Image(io.BytesIO(qr_png(data)), width=size_mm * mm, height=size_mm * mm)
        img.hAlign = "LEFT"
        self.story.append(img)
        self.paragraph(caption or data, small=True)
        return self

    def spacer(self, height_mm: float = 4) -> "Document":
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        self.story.append(Spacer(1, height_mm * mm))
        return self

    def build(self) -> bytes:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=A4, title=self.title, author=self.author, leftMargin=18 * mm,
                                rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)
        head = [self._p(self.title, "title")]
        if self.subtitle:
            head.append(self._p(self.subtitle, "subtitle"))

        def footer(canvas, _doc):
            canvas.saveState()
            canvas.setFont(FONT_NAME, 8)
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{self.author}  第 {_doc.page} 页")
            canvas.restoreState()

        doc.build(head + self.story, onFirstPage=footer, onLaterPages=footer)
        return buf.getvalue()
