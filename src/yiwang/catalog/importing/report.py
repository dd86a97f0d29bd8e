"""The import report as a workbook (kept on the job, downloadable afterwards) and as lines for the command."""
from __future__ import annotations

import io

from openpyxl import Workbook

LEVELS = {"error": "错误", "warning": "警告"}
ACTIONS = {"created": "新增", "updated": "更新", "unchanged": "未变"}


def summary_lines(report: dict) -> list[str]:
    c = report.get("counts", {})
    lines = [f"共{c.get('rows', 0)}行：新增{c.get('create', 0)}项，更新{c.get('update', 0)}项，未变{c.get('unchanged', 0)}项；"
             f"错误{c.get('errors', 0)}处，警告{c.get('warnings', 0)}处"]
    for d in report.get("defaults", []):
        lines.append(f"默认值：{d['field']} = {d['default']}（{d['items']}项，列入待完善）")
    deps = report.get("departments", {})
    for u in deps.get("unknown", []):
        lines.append(f"{'将创建' if deps.get('create') else '未知'}部门：{u['name'] or u['code']}"
                     f"（编码 {u['code'] or '无'}，{u['rows']}行）")
    for d in deps.get("created", []):
        lines.append(f"已创建部门：{d['name']}（{d['code']}）" + (f"，编码问题：{d['problem']}" if d.get("problem") else ""))
    for name, code in deps.get("new_codes", []):
        lines.append(f"为部门“{name}”登记办理编码 {code}")
    for s in deps.get("shared_codes", []):
        lines.append(f"编码 {s['code']} 由 {'、'.join(s['departments'])} 共用")
    for s in report.get("shapes", []):
        lines.append(f"编码结构：{s['shape']} {s['items']}项")
    return lines


def problem_line(p: dict) -> str:
    where = "，".join(x for x in (p.get("sheet") and f"工作表“{p['sheet']}”", p.get("row") and f"第{p['row']}行",
                                   p.get("column") and f"“{p['column']}”列") if x)
    return f"[{LEVELS.get(p.get('level'), '错误')}] {where}：{p['message']}"


def workbook(report: dict, *, filename: str = "") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("概况")
    ws.append(["文件", filename])
    for line in summary_lines(report):
        ws.append([line])
    wp = wb.create_sheet("问题")
    wp.append(["级别", "工作表", "行", "列", "说明"])
    for p in report.get("errors", []) + report.get("warnings", []):
        wp.append([LEVELS.get(p.get("level"), "错误"), p.get("sheet"), p.get("row"), p.get("column"), p["message"]])
    wi = wb.create_sheet("事项")
    wi.append(["事项编码", "处理"])
    for key, label in ACTIONS.items():
        for code in report.get(key, []):
            wi.append([code, label])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
