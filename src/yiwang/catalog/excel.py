"""Excel import and export of items with their materials (openpyxl).

Workbook: sheet “事项” (one row per item) and sheet “材料” (one row per material, keyed by 事项编码).
Export writes each item's version in force (or its draft when never published). Import is atomic: every row
is checked through the same service functions; if any row is wrong nothing is imported and the report lists
every problem by sheet and row, in Chinese. What an import does, per item row:
  - a new code: `create_item` (draft) then `publish` it effective on the chosen date;
  - an existing code whose content differs from its latest published version: `update_draft` then `publish`;
  - an existing code with the same content: left unchanged (no new version).
Windows are not in the workbook (their ids are local); an existing item keeps its windows.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook

from yiwang.api.errors import DomainError
from yiwang.org.models import Department

from . import services
from .models import ApprovalTier, ExercisingLevel, ItemType, Material, RiskDomain, ServiceItem

ITEM_SHEET, MATERIAL_SHEET = "事项", "材料"
BOOL = "bool"
# (key, header, kind) — kind: str, int, optional int, bool, a choices class, or a list.
ITEM_COLUMNS = [
    ("code", "事项编码", str), ("department", "实施部门代码", str), ("name", "事项名称", str),
    ("item_type", "事项类型", ItemType), ("level", "行使层级", ExercisingLevel), ("legal_basis", "设定依据", str),
    ("legal_limit_days", "法定办结时限（工作日）", "int?"), ("promised_limit_days", "承诺办结时限（工作日）", "int?"),
    ("approval_tier", "审批层级", ApprovalTier), ("fully_online", "全程网办", BOOL),
    ("max_visits", "最多跑动次数", int), ("on_the_spot", "当场办结", BOOL), ("advance_service", "提前服务", BOOL),
    ("same_year_landing", "当年落地", BOOL), ("express", "快办", BOOL), ("conditions", "受理条件", str),
    ("steps", "办理流程", str), ("form_fields", "申请表字段", str), ("is_free", "不收费", BOOL),
    ("fees", "收费项目（每行：名称|标准|依据）", "fees"), ("service_8x365", "8×365", BOOL),
    ("holiday_service", "节假日公共服务", BOOL), ("holiday_note", "节假日服务说明", str),
    ("appointment_required", "须预约", BOOL), ("online_url", "网上办理地址", str), ("consult_phone", "咨询电话", str),
    ("remedy", "救济途径", str), ("commitment_allowed", "可告知承诺", BOOL), ("risk_domain", "涉及领域", RiskDomain),
    ("halls", "办理大厅代码", "list"), ("topics", "主题代码", "list"),
]
MATERIAL_COLUMNS = [
    ("item", "事项编码", str), ("order", "序号", int), ("name", "材料名称", str), ("code", "材料编码", str),
    ("requirement", "必要性", Material.Requirement), ("condition", "提交情形", str), ("originals", "原件份数", int),
    ("copies", "复印件份数", int), ("exempt_by_sharing", "免提交", BOOL), ("sharing_source", "替代来源", str),
    ("is_key", "关键材料", BOOL), ("deferrable", "可容缺", BOOL), ("commitment_replaceable", "可告知承诺替代", BOOL),
    ("note", "备注", str),
]
FIELD_LABELS = {k: h for k, h, _ in ITEM_COLUMNS} | {"materials": "申请材料", "windows": "办理窗口", "reason": "原因"}


# ------------------------------------------------------------------------------------------------ export
def _out(value, kind):
    if kind == BOOL:
        return "是" if value else "否"
    if kind == "list":
        return "、".join(value)
    if kind == "fees":
        return "\n".join(f"{f['name']}|{f['standard']}|{f['basis']}" for f in value)
    if isinstance(kind, type) and hasattr(kind, "choices"):
        return str(dict(kind.choices).get(value, value)) if value != "" else ""
    return value


def export_workbook(items=None) -> bytes:
    items = items if items is not None else ServiceItem.objects.exclude(status__in=["cancelled", "delegated"])
    wb = Workbook()
    ws = wb.active
    ws.title = ITEM_SHEET
    ws.append([h for _, h, _ in ITEM_COLUMNS])
    wm = wb.create_sheet(MATERIAL_SHEET)
    wm.append([h for _, h, _ in MATERIAL_COLUMNS])
    for item in items.select_related("department", "current_version").order_by("code"):
        v = item.current_version or services.get_draft(item)
        if v is None:
            continue
        snap = services.snapshot(v)
        row = {"code": item.code, "department": item.department.code, **snap}
        ws.append([_out(row[k], kind) for k, _, kind in ITEM_COLUMNS])
        for i, m in enumerate(snap["materials"], 1):
            mrow = {"item": item.code, "order": i, **m}
            wm.append([_out(mrow[k], kind) for k, _, kind in MATERIAL_COLUMNS])
    for sheet in (ws, wm):
        sheet.freeze_panes = "A2"
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ import
@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"sheet", "row", "message"}

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, sheet, row, message):
        self.errors.append({"sheet": sheet, "row": row, "message": message})

    def as_dict(self) -> dict:
        return {"ok": self.ok, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "errors": self.errors}


class _RowError(ValueError):
    pass


def _in(value, kind, header):
    if isinstance(value, str):
        value = value.strip()
    empty = value is None or value == ""
    if kind is str:
        return "" if empty else str(value)
    if kind == BOOL:
        if empty:
            return False
        if str(value) in ("是", "1", "True", "true", "TRUE", "Y", "y"):
            return True
        if str(value) in ("否", "0", "False", "false", "FALSE", "N", "n"):
            return False
        raise _RowError(f"“{header}”应填“是”或“否”，当前为“{value}”")
    if kind in (int, "int?"):
        if empty:
            if kind == "int?":
                return None
            raise _RowError(f"请填写“{header}”")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _RowError(f"“{header}”应为整数，当前为“{value}”") from None
        if number != int(number) or number < 0:
            raise _RowError(f"“{header}”应为不小于0的整数，当前为“{value}”")
        return int(number)
    if kind == "list":
        return [] if empty else [p.strip() for p in str(value).replace(",", "、").replace("，", "、").split("、") if p.strip()]
    if kind == "fees":
        fees = []
        for line in ([] if empty else str(value).splitlines()):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3:
                raise _RowError(f"“{header}”每行应为“名称|标准|依据”，当前为“{line}”")
            fees.append(dict(zip(("name", "standard", "basis"), parts)))
        return fees
    # choices: accept the Chinese label or the stored value
    if empty:
        if "" in kind.values:
            return ""
        raise _RowError(f"请填写“{header}”")
    for val, label in kind.choices:
        if str(value) in (str(label), str(val)):
            return val
    raise _RowError(f"“{header}”的值“{value}”无效，可选：{'、'.join(str(lbl) for _, lbl in kind.choices if lbl)}")


def _rows(ws, columns, sheet, report):
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        report.error(sheet, 1, f"工作表“{sheet}”为空")
        return []
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    index = {}
    for key, header, kind in columns:
        if header not in headers:
            report.error(sheet, 1, f"缺少列“{header}”")
        else:
            index[key] = headers.index(header)
    if len(index) != len(columns):
        return []
    out = []
    for n, raw in enumerate(rows[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        values, problems = {}, []
        for key, header, kind in columns:
            cell = raw[index[key]] if index[key] < len(raw) else None
            try:
                values[key] = _in(cell, kind, header)
            except _RowError as exc:
                problems.append(str(exc))
        for p in problems:
            report.error(sheet, n, p)
        out.append((n, values, not problems))
    return out


def _messages(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [f"{FIELD_LABELS.get(k, k)}：{m}" for k, msgs in exc.message_dict.items() for m in msgs]
        return list(exc.messages)
    return [getattr(exc, "message", str(exc))]


class _Rollback(Exception):
    pass


def import_workbook(fileobj, *, actor, effective_date) -> ImportReport:
    """Import a workbook (see the module docstring). Nothing is saved unless every row is right."""
    report = ImportReport()
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the same problem for the user
        report.error("", 0, "无法读取文件：请上传由本平台导出的 Excel（.xlsx）文件")
        return report
    for sheet in (ITEM_SHEET, MATERIAL_SHEET):
        if sheet not in wb.sheetnames:
            report.error(sheet, 0, f"缺少工作表“{sheet}”")
    if report.errors:
        return report
    item_rows = _rows(wb[ITEM_SHEET], ITEM_COLUMNS, ITEM_SHEET, report)
    material_rows = _rows(wb[MATERIAL_SHEET], MATERIAL_COLUMNS, MATERIAL_SHEET, report)
    codes: dict[str, int] = {}
    for n, values, _ in item_rows:
        code = values.get("code", "")
        if code in codes:
            report.error(ITEM_SHEET, n, f"事项编码 {code} 与第{codes[code]}行重复")
        codes.setdefault(code, n)
    materials: dict[str, list] = {}
    for n, values, ok in material_rows:
        if values.get("item") not in codes:
            report.error(MATERIAL_SHEET, n, f"事项编码“{values.get('item')}”不在“事项”工作表中")
        elif ok:
            materials.setdefault(values["item"], []).append(values)
    try:
        with transaction.atomic():
            for n, values, ok in item_rows:
                if not ok:
                    continue
                try:
                    with transaction.atomic():
                        _import_item(values, materials.get(values["code"], []), actor, effective_date, report)
                except (ValidationError, DomainError) as exc:
                    for m in _messages(exc):
                        report.error(ITEM_SHEET, n, f"{values.get('code') or values.get('name')}：{m}")
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.created, report.updated, report.unchanged = [], [], []
    return report


def _import_item(values, material_rows, actor, effective_date, report):
    values = dict(values)
    code, dept_code = values.pop("code"), values.pop("department")
    halls, topics, fees = values.pop("halls"), values.pop("topics"), values.pop("fees")
    mats = [{k: v for k, v in m.items() if k not in ("item", "order")}
            for m in sorted(material_rows, key=lambda m: m["order"])]
    department = Department.objects.filter(code=dept_code).first()
    if department is None:
        raise ValidationError({"department": [f"实施部门代码“{dept_code}”不存在"]})
    item = ServiceItem.objects.filter(code=code).first()
    if item is None:
        item = services.create_item(code=code, department=department, actor=actor, materials=mats, fees=fees,
                                    halls=halls, topics=topics, **values)
        services.publish(item, effective_date, actor, change_note="Excel导入")
        report.created.append(item.code)
        return
    if item.department_id != department.pk:
        raise ValidationError({"department": [f"事项已属于“{item.department.name}”，不能在导入时改变实施部门"]})
    if services.get_draft(item) is not None:
        raise ValidationError({"code": ["该事项有未发布的草稿，请先在系统中发布或放弃草稿后再导入"]})
    base = services.latest_published(item)
    templates = {m.name: m.template for m in base.materials.all()} if base else {}
    for m in mats:
        if templates.get(m["name"]):
            m["template"] = templates[m["name"]]
    draft = services.update_draft(item, actor=actor, materials=mats, fees=fees, halls=halls, topics=topics, **values)
    if base is not None and services.snapshot(draft) == services.snapshot(base):
        services.discard_draft(item, actor=actor)
        report.unchanged.append(item.code)
        return
    services.publish(item, effective_date, actor, change_note="Excel导入")
    report.updated.append(item.code)
