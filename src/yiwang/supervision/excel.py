"""Excel export (openpyxl) of a dashboard view and of the board."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from django.utils.functional import Promise
from openpyxl.styles import Font

from .figures import DEFINITIONS, DIMENSIONS


def _sheet(wb, title, header, rows):
    ws = wb.create_sheet(title)
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([str(v) if isinstance(v, Promise) else v for v in r])
    return ws


def dashboard_xlsx(data: dict) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    keys = [k for k, *_ in DEFINITIONS]
    dim_label = DIMENSIONS[data["dimension"]][0]
    header = [dim_label] + [f"{label}（{unit}）" for _, label, unit, _ in DEFINITIONS]
    rows = [[g["label"]] + [g.get(k) for k in keys] for g in data["groups"]]
    rows.append(["合计"] + [data["total"].get(k) for k in keys])
    _sheet(wb, "效能指标", header, rows)
    _sheet(wb, "部门排名", ["名次", "部门", "得分"], [[r["rank"], r["label"], r["score"]] for r in data["ranking"]])
    _sheet(wb, "指标口径", ["指标", "单位", "口径"], [[label, unit, text] for _, label, unit, text in DEFINITIONS])
    ws = wb.create_sheet("说明")
    ws.append(["期间", f"{data['start']} 至 {data['end']}"])
    for name, at in data["freshness"].items():
        ws.append([f"数据更新（{name}）", at.isoformat() if at else "尚未运行"])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def board_xlsx(warnings, anomalies, orders) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "预警", ["办件", "部门", "类别", "等级", "期限", "剩余工作日", "说明"],
           [[w["case_label"], w["department"], w["kind_label"], w["level_label"], w["due_on"], w["remaining"],
             w["detail"]] for w in warnings])
    _sheet(wb, "程序异常", ["办件", "部门", "类别", "摘要", "发现日期"],
           [[str(a.case), a.department.name, a.get_kind_display(), a.summary, a.found_on] for a in anomalies])
    _sheet(wb, "督办", ["编号", "部门", "督办事项", "督办日期", "答复期限", "状态", "升级", "答复", "答复日期"],
           [[o.number, o.department.name, o.instruction, o.issued_on, o.reply_due, o.get_status_display(),
             o.get_escalation_display(), o.reply, o.replied_on] for o in orders])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
