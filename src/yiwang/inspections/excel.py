"""Excel exports (openpyxl): the item lists and the year's figures with their definitions."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .figures import DEFINITIONS


def _sheet(wb, title, header, rows):
    ws = wb.create_sheet(title)
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([str(v) if v is not None else "" for v in r])
    return ws


def _bytes(wb) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def items_xlsx(items) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "抽查事项清单", ["部门", "事项编码", "抽查事项", "事项类别", "检查对象", "检查依据", "检查内容", "检查方式"],
           [[i.department.name, i.code, i.name, i.get_kind_display(), "、".join(i.object_kinds), i.legal_basis,
             i.content, i.method] for i in items])
    return _bytes(wb)


def figures_xlsx(data: dict) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "总体指标", ["指标", "数值", "单位", "口径"],
           [[label, data["totals"][key], unit, text] for key, label, unit, text in DEFINITIONS])
    _sheet(wb, "按部门", ["部门", "计划数", "任务数"],
           [[r["department"], r["plans"], r["tasks"]] for r in data["by_department"]])
    _sheet(wb, "按风险分类问题发现率", ["季度", "风险分类", "已检查户次", "发现问题户次", "问题发现率（%）"],
           [[r["quarter"], r["risk_class"], r["inspected"], r["problems"], r["rate"]] for r in data["by_class"]])
    _sheet(wb, "按执法人员问题发现率", ["季度", "执法人员", "执法证号", "检查户次", "发现问题户次", "问题发现率（%）"],
           [[r["quarter"], r["inspector"], r["cert_no"], r["inspected"], r["problems"], r["rate"]]
            for r in data["by_inspector"]])
    _sheet(wb, "每户受检次数分布", ["年内被抽中次数", "企业户数"], data["per_enterprise"])
    return _bytes(wb)
