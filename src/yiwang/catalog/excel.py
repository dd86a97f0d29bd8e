"""Excel export, import and template of the catalogue (openpyxl); see docs/catalog-import.md.

Workbook: sheet “事项” (one row per item) and sheet “材料” (one row per material, keyed by 事项编码). Export writes
each item's version in force (or its draft when never published); a field still waiting to be completed
(filled from a default at import, `pending_fields`) is written blank, so export → import changes nothing.
Import: `importing.plan` then `importing.apply` (all or nothing); `import_workbook` does both at once.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from . import importing
from .importing import columns as C
from .models import FeeItem, ItemVersion, Material, ServiceItem

ITEM_SHEET, MATERIAL_SHEET = C.ITEM_SHEET, C.MATERIAL_SHEET
ITEM_COLUMNS, MATERIAL_COLUMNS = C.ITEM_COLUMNS, C.MATERIAL_COLUMNS
FIELD_LABELS = C.LABELS


# ------------------------------------------------------------------------------------------------ export
def _versions(items):
    rows = (ItemVersion.objects.prefetch_related(
        Prefetch("materials", queryset=Material.objects.order_by("order", "id")),
        Prefetch("fees", queryset=FeeItem.objects.order_by("order", "id")), "halls", "topics"))
    items = items.select_related("department", "main_item").order_by("code")
    current = {v.pk: v for v in rows.filter(pk__in=items.values("current_version"))}
    drafts = {v.item_id: v for v in rows.filter(item__in=items.filter(current_version__isnull=True),
                                                state=ItemVersion.State.DRAFT)}
    for item in items:
        v = current.get(item.current_version_id) or drafts.get(item.pk)
        if v is not None:
            yield item, v


def item_row(item, v) -> dict:
    pending = set(v.pending_fields or [])
    row = {k: (None if k in pending else getattr(v, k)) for k, *_ in C.ITEM_COLUMNS if hasattr(v, k)}
    mats = list(v.materials.all())
    row.update(code=item.code, department=item.department.code, department_name=item.department.name,
               filing_code="", main_item=item.main_item.code if item.main_item_id else "",
               halls=sorted(h.code for h in v.halls.all()), topics=sorted(t.code for t in v.topics.all()),
               fees=[{"name": f.name, "standard": f.standard, "basis": f.basis} for f in v.fees.all()],
               zero_material=True if (v.materials_given and not mats) else None)
    return row


def export_workbook(items=None) -> bytes:
    items = items if items is not None else ServiceItem.objects.exclude(status__in=["cancelled", "delegated"])
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ITEM_SHEET)
    wm = wb.create_sheet(MATERIAL_SHEET)
    ws.append([h for _, h, *_ in ITEM_COLUMNS])
    wm.append([h for _, h, *_ in MATERIAL_COLUMNS])
    for item, v in _versions(items):
        row = item_row(item, v)
        ws.append([C.write_cell(row.get(k), kind) for k, _, kind, _ in ITEM_COLUMNS])
        for i, m in enumerate(v.materials.all(), 1):
            mrow = {"item": item.code, "order": i, **{k: getattr(m, k) for k, *_ in MATERIAL_COLUMNS if hasattr(m, k)}}
            mrow["order"] = i
            wm.append([C.write_cell(mrow.get(k), kind) for k, _, kind, _ in MATERIAL_COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ template
TEMPLATE_NOTES = {
    "事项编码": "必填。按国家/省级目录原样填写，如 511A0138000000-511602000000-000-115113010833722043-1-00；"
                "12位基本编码、非标准实施主体编码、G-/E-公共服务编码均可，问题作为警告列出",
    "实施部门代码": "本平台的部门代码；不知道时留空，填写“实施部门”名称或“实施主体编码”",
    "事项名称": "必填", "事项类型": "必填：行政许可、行政给付、行政征收、行政确认、行政奖励、行政裁决、其他行政权力、公共服务",
    "承诺办结时限（工作日）": "留空时取法定办结时限；均为空时为20个工作日（待完善）",
    "审批层级": "审核合一、一审一核、三级审批；留空为一审一核（待完善）",
    "最多跑动次数": "留空为1（待完善）", "不收费": "是/否；留空为不收费，列有收费项目时为收费",
    "零材料": "“是”表示确认无需材料；留空且“材料”工作表无该事项时为“材料待完善”",
    "实施部门": "部门名称、简称或别名，用于匹配组织机构",
    "实施主体编码": "目录公布的实施主体编码（统一社会信用代码等）；留空时取事项编码中的实施主体段",
    "主项编码": "业务办理项（子项）所属主项的事项编码",
}


def template_workbook() -> bytes:
    """An empty workbook with the Chinese headers, required columns marked and each column explained."""
    wb = Workbook()
    ws = wb.active
    ws.title = ITEM_SHEET
    wm = wb.create_sheet(MATERIAL_SHEET)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for sheet, columns, required in ((ws, ITEM_COLUMNS, C.ITEM_REQUIRED), (wm, MATERIAL_COLUMNS, C.MATERIAL_REQUIRED)):
        sheet.append([h for _, h, *_ in columns])
        for cell, (key, header, *_rest) in zip(sheet[1], columns):
            cell.font = bold
            if key in required:
                cell.fill = fill
            note = TEMPLATE_NOTES.get(header)
            if note and sheet is ws:
                cell.comment = Comment(note, "一网")
            sheet.column_dimensions[cell.column_letter].width = 18
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ import
@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"sheet", "row", "column", "message"}
    warnings: list[dict] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return self.data or {"ok": self.ok, "created": self.created, "updated": self.updated,
                             "unchanged": self.unchanged, "errors": self.errors, "warnings": self.warnings}


def _report(data: dict) -> ImportReport:
    return ImportReport(created=data["created"], updated=data["updated"], unchanged=data["unchanged"],
                        errors=data["errors"], warnings=data["warnings"], data=data)


def import_workbook(fileobj, *, actor, effective_date, create_departments=False, dry_run=False) -> ImportReport:
    """Plan and (unless `dry_run` or the plan has errors) apply an import. Nothing is saved on any error."""
    p = importing.plan(fileobj, actor=actor, effective_date=effective_date, create_departments=create_departments)
    if dry_run or not p.ok:
        data = p.report()
        if not p.ok:
            data.update(created=[], updated=[], unchanged=[])
        data["written"] = False
        return _report(data)
    return _report(importing.apply(p, actor=actor))
