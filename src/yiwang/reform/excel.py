"""Excel exports: the 任务分工表 with current status, and the yearly assessment with its calculation."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Plan, TaskUnit


def _book(title: str, header: list[str]):
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    return wb, ws


def _bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def division_xlsx(plan: Plan) -> bytes:
    wb, ws = _book("任务分工表", ["编号", "章", "节", "任务内容", "牵头单位", "配合单位", "完成时限", "状态", "交付把握",
                               "最近报送"])
    for t in plan.tasks.prefetch_related("units", "reports").select_related("lead"):
        co = "、".join(u.name for u in t.units.all() if u.role != TaskUnit.Role.LEAD)
        last = max(t.reports.all(), key=lambda r: (r.year, r.quarter), default=None)
        ws.append([t.path, t.chapter, t.section, t.text, t.lead.name if t.lead_id else t.lead_name, co,
                   t.deadline.isoformat() if t.deadline else t.deadline_text, t.get_status_display(),
                   t.get_confidence_display() if t.confidence else "",
                   f"{last.year}年第{last.quarter}季度" if last else ""])
    ws.column_dimensions["D"].width = 80
    for row in ws.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    return _bytes(wb)


def assessment_xlsx(plan: Plan, rows: list[dict]) -> bytes:
    labels = [s["label"] for s in rows[0]["steps"]] if rows else []
    wb, ws = _book("年度考核", ["名次", "单位", "总分"] + [f"{x}（得分）" for x in labels])
    for r in rows:
        ws.append([r["rank"], r["unit"], r["score"]] + [s["points"] for s in r["steps"]])
    calc = wb.create_sheet("计算过程")
    calc.append(["单位", "项目", "依据", "分项值（0-100）", "权重", "有效权重", "得分"])
    for r in rows:
        for s in r["steps"]:
            calc.append([r["unit"], s["label"], s["basis"], s["value"], s["weight"], s["effective_weight"], s["points"]])
    return _bytes(wb)
