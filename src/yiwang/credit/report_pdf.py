"""The credit report as an A4 PDF (embedded CJK font) with a QR code to the public verification page."""
from __future__ import annotations

from django.conf import settings

from yiwang.common.pdf import Document

from .domain import report as rp
from .models import Report
from .services.reports import public_code

GRADE_LABELS = {"risk_class": "信用风险分类", "public_grade": "公共信用综合评价"}


def public_url() -> str:
    return (getattr(settings, "YIWANG_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def verify_link(report: Report) -> str:
    return rp.verify_link(public_url(), report.token)


def render(report: Report) -> bytes:
    s = report.subject
    doc = Document("信用报告", subtitle=f"报告编号：{report.number}")
    doc.table([("主体名称", s.name), ("主体代码", public_code(s)), ("主体类型", s.get_kind_display()),
               ("报告期间", f"{report.period_from:%Y年%m月%d日} 至 {report.period_to:%Y年%m月%d日}"),
               ("出具日期", f"{report.issued_on:%Y年%m月%d日}"), ("出具单位", report.department.name),
               ("用途", report.purpose or "—")])
    doc.heading("一、信用评价")
    doc.table([(GRADE_LABELS[k_], v or "—") for k_, v in report.grades.items()])
    groups: dict[str, list] = {}
    for r in report.records:
        groups.setdefault(r["kind_label"], []).append(r)
    doc.heading("二、信用记录")
    if not report.records:
        doc.paragraph("报告期间内，本平台未归集到该主体的行政处罚、失信名单等公示信息。")
    for n, (label, rows) in enumerate(groups.items(), 1):
        doc.paragraph(f"（{n}）{label}（{len(rows)}条）")
        doc.table([(r["decided_on"], r["decision_number"] or "—", r["title"] or "—",
                    r["severity"] or "—", r["department"]) for r in rows],
                  header=["决定/列入日期", "文书号", "名称/事由", "程度", "认定部门"])
    doc.heading("三、说明")
    doc.paragraph("1. 本报告依据本平台归集的公共信用信息出具，列明报告期间内公示的行政许可、行政处罚、失信与守信名单、"
                  "经营异常名录和信用承诺及其履行情况；已修复或公示期满的信息不再列入。")
    doc.paragraph("2. 按照有关规定，本报告可用于替代相关领域的无违法违规证明（以事项办事指南所列为准）。")
    doc.paragraph("3. 本报告经出具单位 SM2 电子签名。扫描下方二维码或在本平台“信用报告核验”页面输入核验码，可核验真伪。")
    doc.qr(verify_link(report), caption=f"核验码：{report.token}", size_mm=34)
    return doc.build()
