"""Excel export, import and template of the catalogue (openpyxl); see docs/catalog-import.md.

Workbook: sheet “事项” (one row per item) and sheet “材料” (one row per material, keyed by 事项编码). Export writes
each item's version in force (or its draft when never published); a field still waiting to be completed
(filled from a default at import, `pending_fields`) is written blank, so export → import changes nothing.
Import: `importing.plan` then `importing.apply` (all or nothing); `import_workbook` does both at once.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from . import importing
from .importing import columns as C
from .models import FeeItem, ItemVersion, Material, ServiceItem

ITEM_SHEET, MATERIAL_SHEET = C.ITEM_SHEET, C.MATERIAL_SHEET
ITEM_COLUMNS, MATERIAL_COLUMNS = C.ITEM_COLUMNS, C.MATERIAL_COLUMNS
FIELD_LABELS = C.LABELS


# ------------------------------------------------------------------------------------------------ export
# Version fields the item sheet shows (the other item columns come from the item, its department and relations).
_VERSION_COLUMNS = [k for k, *_ in ITEM_COLUMNS if k in {f.name for f in ItemVersion._meta.concrete_fields}]
_MATERIAL_KEYS = [k for k, *_ in MATERIAL_COLUMNS if k not in ("item", "order")]


def _writer(kind):
    """write_cell for one column, with a choice column's labels looked up once (blank cells are left out)."""
    if isinstance(kind, type) and hasattr(kind, "choices"):
        labels = {v: str(label) for v, label in kind.choices}
        return lambda v: None if v is None or v == "" else labels.get(v) or str(v)

    def write(v):
        out = C.write_cell(v, kind)
        return None if out == "" else out
    return write


def _rows(items):
    """(item row, material rows) per item, as plain values, in a fixed number of queries: each item's version in
    force (or its draft when never published) with its materials, fees, halls and topics."""
    items = items.order_by("code")
    ids = ItemVersion.objects.filter(Q(pk__in=items.values("current_version"))
                                     | Q(item__in=items.filter(current_version__isnull=True),
                                         state=ItemVersion.State.DRAFT))
    by_id, draft_of = {}, {}
    for v in ids.values("pk", "item_id", "state", "pending_fields", "materials_given", *_VERSION_COLUMNS):
        by_id[v["pk"]] = v
        if v["state"] == ItemVersion.State.DRAFT:
            draft_of[v["item_id"]] = v
    materials, fees, halls, topics = {}, {}, {}, {}
    for m in Material.objects.filter(version__in=ids).order_by("version", "order", "id").values(
            "version_id", *_MATERIAL_KEYS):
        materials.setdefault(m.pop("version_id"), []).append(m)
    for f in FeeItem.objects.filter(version__in=ids).order_by("version", "order", "id").values_list(
            "version_id", "name", "standard", "basis"):
        fees.setdefault(f[0], []).append({"name": f[1], "standard": f[2], "basis": f[3]})
    for through, target, out in ((ItemVersion.halls.through, "hall__code", halls),
                                 (ItemVersion.topics.through, "topic__code", topics)):
        for vid, code in through.objects.filter(itemversion__in=ids).values_list("itemversion_id", target):
            out.setdefault(vid, []).append(code)
    for item in items.values("pk", "code", "current_version_id", "department__code", "department__name",
                             "main_item__code"):
        v = by_id.get(item["current_version_id"]) or draft_of.get(item["pk"])
        if v is None:
            continue
        pending = set(v["pending_fields"] or [])
        mats = materials.get(v["pk"], [])
        row = {k: (None if k in pending else v[k]) for k in _VERSION_COLUMNS}
        row.update(code=item["code"], department=item["department__code"],
                   department_name=item["department__name"], filing_code="", main_item=item["main_item__code"] or "",
                   halls=sorted(halls.get(v["pk"], [])), topics=sorted(topics.get(v["pk"], [])),
                   fees=fees.get(v["pk"], []), zero_material=True if (v["materials_given"] and not mats) else None)
        yield row, mats


def export_workbook(items=None) -> bytes:
    items = items if items is not None else ServiceItem.objects.exclude(status__in=["cancelled", "delegated"])
    item_cols = [(k, _writer(kind)) for k, _, kind, _ in ITEM_COLUMNS]
    material_cols = [(k, _writer(kind)) for k, _, kind, _ in MATERIAL_COLUMNS]
    item_rows, material_rows = [], []
    for row, mats in _rows(items):
        item_rows.append([w(row.get(k)) for k, w in item_cols])
        for i, m in enumerate(mats, 1):
            m.update(item=row["code"], order=i)
            material_rows.append([w(m.get(k)) for k, w in material_cols])
    wb = Workbook(write_only=True)
    for title, columns, rows in ((ITEM_SHEET, ITEM_COLUMNS, item_rows), (MATERIAL_SHEET, MATERIAL_COLUMNS,
                                                                          material_rows)):
        ws = wb.create_sheet(title)
        # the size up front (a reader then need not scan the sheet for it; openpyxl's write-only sheet cannot know)
        ws.calculate_dimension = lambda n=len(rows) + 1, w=len(columns): f"A1:{get_column_letter(w)}{n}"
        ws.append([h for _, h, *_ in columns])
        for r in rows:
            ws.append(r)
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
