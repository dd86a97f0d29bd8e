"""The public policy list as an Excel workbook (政策清单)."""
import io

from openpyxl import Workbook

HEADERS = ["文号", "政策名称", "责任部门", "兑现方式", "状态", "发文日期", "发布日期", "生效日期", "失效日期", "主题",
           "享受内容", "资格条件"]


def export_workbook(qs) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("惠企政策清单")
    ws.append(HEADERS)
    for p in qs.prefetch_related("benefits"):
        ws.append([p.number, p.title, p.lead_department.name, p.get_mode_display(), p.get_status_display(),
                   p.issued_on, p.published_on, p.effective_from, p.effective_to, "、".join(p.themes or []),
                   "；".join(f"{b.description}（{b.amount_rule.describe()}）" for b in p.benefits.all()),
                   p.rule_text])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
