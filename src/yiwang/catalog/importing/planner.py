"""Reading a workbook into a plan: nothing is written. One fast pass over the cells finds format problems; the
organisation and the existing catalogue are read in a few bulk queries; each item row is then checked by the
same rules as an edit (`domain.rules`, the model fields' own validators) and compared with its version in force.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from yiwang.org.models import Hall

from .. import services
from ..domain import rules
from ..domain.codes import SHAPES, read_item_code
from ..models import FeeItem, ItemVersion, Material, ServiceItem, Topic
from ..permissions import can_manage
from . import columns as C
from .departments import Directory

CONTENT_FIELDS = [f for f in services.VERSION_FIELDS if f not in services.META_FIELDS]
_MATERIAL_FIELDS = [f for f in services.MATERIAL_FIELDS if f != "template"]


@dataclass
class ItemPlan:
    row: int
    code: str
    shape: str
    name: str
    department: object = None  # Department, or departments.Unknown until created
    fields: dict = field(default_factory=dict)
    materials: list = field(default_factory=list)
    fees: list = field(default_factory=list)
    halls: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    main_item: str = ""
    action: str = ""  # create | update | unchanged
    item: ServiceItem | None = None
    base: Version | None = None
    new_code: str = ""


@dataclass
class Plan:
    items: list[ItemPlan] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    defaults: Counter = field(default_factory=Counter)
    directory: Directory | None = None
    create_departments: bool = False
    effective_date: dt.date | None = None
    shapes: Counter = field(default_factory=Counter)
    unknown_headers: list[str] = field(default_factory=list)

    def add(self, level, sheet, row, column, message):
        self.problems.append({"level": level, "sheet": sheet, "row": row, "column": column, "message": message})

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p["level"] == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems if p["level"] == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self, action: str) -> list[str]:
        return [i.code for i in self.items if i.action == action]

    def report(self) -> dict:
        d = self.directory
        unknown = list(d.unknown.values()) if d else []
        return {
            "ok": self.ok,
            "created": self.codes("create"), "updated": self.codes("update"), "unchanged": self.codes("unchanged"),
            "counts": {"rows": len(self.items), "create": len(self.codes("create")),
                       "update": len(self.codes("update")), "unchanged": len(self.codes("unchanged")),
                       "errors": len(self.errors), "warnings": len(self.warnings)},
            "errors": self.errors, "warnings": self.warnings,
            "defaults": [{"field": C.LABELS[k], "default": C.default_label(k, C.default_of(k)), "items": n}
                         for k, n in sorted(self.defaults.items(), key=lambda kv: C.DEFAULTED.index(kv[0])
                                            if kv[0] in C.DEFAULTED else 99)],
            "shapes": [{"shape": SHAPES[s], "items": n} for s, n in self.shapes.most_common()],
            "departments": {
                "unknown": [{"name": u.name, "code": u.code, "codes": u.codes, "rows": len(u.rows),
                             "first_row": u.rows[0]}
                            for u in unknown],
                "create": self.create_departments,
                "shared_codes": [{"code": c, "departments": names} for c, names in (d.shared.items() if d else [])],
                "new_codes": sorted({(d.by_pk[pk].name, code) for pk, code in (d.new_codes if d else {})}),
            },
            "unknown_headers": self.unknown_headers,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
        }


def _sheet_rows(ws, columns, sheet, required, plan):
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        plan.add("error", sheet, 1, "", f"工作表“{sheet}”为空")
        return None, []
    headers = [str(h).strip() if h is not None else "" for h in first]
    index, unknown = C.header_index(headers, columns)
    plan.unknown_headers += [f"{sheet}：{h}" for h in unknown]
    header_of = {k: h for k, h, *_ in columns}
    missing = [header_of[k] for k in required if k not in index]
    if sheet == C.ITEM_SHEET and "department" not in index and "department_name" not in index:
        missing.append("实施部门 或 实施部门代码")
    for h in missing:
        plan.add("error", sheet, 1, h, f"缺少列“{h}”")
    if missing:
        return None, []
    out = []
    kinds = [(k, h, kind, index.get(k)) for k, h, kind, _ in columns]
    for n, raw in enumerate(rows, start=2):
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        values = {}
        for key, header, kind, pos in kinds:
            if pos is None:
                values[key] = None
                continue
            try:
                values[key] = C.read_cell(raw[pos] if pos < len(raw) else None, kind, header)
            except C.CellError as exc:
                plan.add("error", sheet, n, header, str(exc))
                values[key] = None
        out.append((n, values))
    return index, out


def _field_problems(fields: dict, materials: list[dict]) -> dict:
    """The model fields' own checks (lengths, choices, URLs) without a full_clean per row."""
    errors: dict[str, list[str]] = {}
    for k in CONTENT_FIELDS:
        f = ItemVersion._meta.get_field(k)
        try:
            f.run_validators(fields[k]) if fields[k] not in (None, "") else None
        except ValidationError as exc:
            errors.setdefault(k, []).extend(exc.messages)
    for i, m in enumerate(materials, 1):
        for k in _MATERIAL_FIELDS:
            f = Material._meta.get_field(k)
            try:
                f.run_validators(m[k]) if m[k] not in (None, "") else None
            except ValidationError as exc:
                errors.setdefault("materials", []).extend(f"第{i}项材料{f.verbose_name}：{e}" for e in exc.messages)
    return errors


def _material(values: dict) -> dict:
    m = {k: values.get(k) for k in _MATERIAL_FIELDS}
    for k in _MATERIAL_FIELDS:
        if m[k] is None:
            m[k] = Material._meta.get_field(k).get_default()
    return m


def _fields(values: dict, plan: Plan) -> tuple[dict, list[str]]:
    fields, pending = {}, []
    for k in CONTENT_FIELDS:
        v = values.get(k)
        if v is None:
            if k == "promised_limit_days":
                legal = values.get("legal_limit_days")
                v = legal if legal is not None else C.default_promised_days()
            elif k == "legal_limit_days":
                v = None
            else:
                v = C.default_of(k)
            if k in C.DEFAULTED:
                pending.append(k)
                plan.defaults[k] += 1
        fields[k] = v
    return fields, sorted(pending)


@dataclass
class Version:
    """An existing version as the import reads it: its number and state, and for the one a new version would
    follow (the base) its content as `comparable` gives it and its windows (not in the workbook: kept)."""
    pk: int
    number: int
    state: str
    data: dict | None = None
    windows: list = field(default_factory=list)
    templates: dict = field(default_factory=dict)


def chunks(ids, n=5000):
    ids = list(ids)
    return (ids[i:i + n] for i in range(0, len(ids), n))


def existing_versions(codes) -> dict[str, ServiceItem]:
    """Items with these codes, their department and versions (`all_versions`), the base version's rows read, in a
    fixed number of queries (plain rows: no model instance per version, material or relation)."""
    items = {i.code: i for i in ServiceItem.objects.filter(code__in=list(codes))
             .select_related("department", "main_item")}
    by_item: dict[int, list[Version]] = {}
    for v in ItemVersion.objects.filter(item__in=[i.pk for i in items.values()]).order_by("item", "number").values(
            "pk", "item_id", "number", "state"):
        by_item.setdefault(v["item_id"], []).append(Version(v["pk"], v["number"], v["state"]))
    bases = {}
    for item in items.values():
        item.all_versions = by_item.get(item.pk, [])
        published = [v for v in item.all_versions if v.state == ItemVersion.State.PUBLISHED]
        if published:
            base = max(published, key=lambda v: v.number)
            base.data = {"halls": [], "topics": [], "materials": [], "fees": []}
            bases[base.pk] = base
    HallLink, TopicLink = ItemVersion.halls.through, ItemVersion.topics.through
    WindowLink = ItemVersion.windows.through
    for ids in chunks(bases):
        for row in ItemVersion.objects.filter(pk__in=ids).values("pk", *services.VERSION_FIELDS):
            bases[row.pop("pk")].data.update(row)
        for m in Material.objects.filter(version__in=ids).order_by("version", "order", "id").values(
                "version_id", "template", *_MATERIAL_FIELDS):
            base, template = bases[m.pop("version_id")], m.pop("template")
            base.data["materials"].append(m)
            if template:
                base.templates[m["name"]] = template
        for f in FeeItem.objects.filter(version__in=ids).order_by("version", "order", "id").values(
                "version_id", *services.FEE_FIELDS):
            bases[f.pop("version_id")].data["fees"].append(f)
        for vid, code in HallLink.objects.filter(itemversion__in=ids).values_list("itemversion_id", "hall__code"):
            bases[vid].data["halls"].append(code)
        for vid, code in TopicLink.objects.filter(itemversion__in=ids).values_list("itemversion_id", "topic__code"):
            bases[vid].data["topics"].append(code)
        for vid, wid in WindowLink.objects.filter(itemversion__in=ids).order_by("id").values_list(
                "itemversion_id", "window_id"):
            bases[vid].windows.append(wid)
    return items


def comparable(version: Version) -> dict:
    """The content of an existing version as the import compares it."""
    data = dict(version.data)
    data["pending_fields"] = sorted(data["pending_fields"] or [])
    data["halls"], data["topics"] = sorted(data["halls"]), sorted(data["topics"])
    data["materials"] = [dict(m) for m in data["materials"]]
    return data


def incoming(p: ItemPlan) -> dict:
    return {**p.fields, "halls": sorted(p.halls), "topics": sorted(p.topics), "materials": p.materials,
            "fees": p.fees}


def plan(fileobj, *, actor, effective_date: dt.date, create_departments: bool = False, progress=None) -> Plan:
    """Read the workbook and decide what an import would do. Writes nothing."""
    out = Plan(create_departments=create_departments, effective_date=effective_date)
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the same problem for the user
        out.add("error", "", 0, "", "无法读取文件：请上传 Excel（.xlsx）文件，可先下载导入模板")
        return out
    if C.ITEM_SHEET not in wb.sheetnames:
        out.add("error", C.ITEM_SHEET, 0, "", f"缺少工作表“{C.ITEM_SHEET}”（工作表名称须为“{C.ITEM_SHEET}”）")
        return out
    _, item_rows = _sheet_rows(wb[C.ITEM_SHEET], C.ITEM_COLUMNS, C.ITEM_SHEET, C.ITEM_REQUIRED, out)
    materials_sheet = C.MATERIAL_SHEET in wb.sheetnames
    material_rows = []
    if materials_sheet:
        _, material_rows = _sheet_rows(wb[C.MATERIAL_SHEET], C.MATERIAL_COLUMNS, C.MATERIAL_SHEET,
                                       C.MATERIAL_REQUIRED, out)
    wb.close()
    if progress:
        progress(0, len(item_rows), "check")

    seen: dict[str, int] = {}
    for n, values in item_rows:
        code = values.get("code") or ""
        if code in seen and code:
            out.add("error", C.ITEM_SHEET, n, "事项编码", f"事项编码 {code} 与第{seen[code]}行重复")
        seen.setdefault(code, n)
    mats: dict[str, list] = {}
    for n, values in material_rows:
        code = values.get("item") or ""
        if code not in seen:
            out.add("error", C.MATERIAL_SHEET, n, "事项编码", f"事项编码“{code}”不在“事项”工作表中")
        elif values.get("name"):
            mats.setdefault(code, []).append((n, values))
        else:
            out.add("error", C.MATERIAL_SHEET, n, "材料名称", "请填写材料名称")

    directory = out.directory = Directory()
    existing = existing_versions(seen)
    halls = set(Hall.objects.values_list("code", flat=True))
    topics = set(Topic.objects.values_list("code", flat=True))
    allowed: dict[int, bool] = {}
    for k, (n, values) in enumerate(item_rows):
        if progress and k % 200 == 0:
            progress(k, len(item_rows), "check")
        reading = read_item_code(values.get("code"))
        if not reading.ok:
            out.add("error", C.ITEM_SHEET, n, "事项编码", reading.error)
            continue
        out.shapes[reading.shape] += 1
        for w in reading.warnings:
            out.add("error" if services.strict_codes() else "warning", C.ITEM_SHEET, n, "事项编码", w)
        p = ItemPlan(row=n, code=reading.code, shape=reading.shape, name=values.get("name") or "")
        if not p.name:
            out.add("error", C.ITEM_SHEET, n, "事项名称", "请填写事项名称")
        if values.get("item_type") is None:
            out.add("error", C.ITEM_SHEET, n, "事项类型", "请填写事项类型（行政许可、公共服务等）")
        match = directory.match(n, code=values.get("department") or "", filing=values.get("filing_code") or "",
                                name=values.get("department_name") or "", body=reading.body_code)
        if match.error:
            out.add("error", C.ITEM_SHEET, n, "实施部门", match.error)
        if match.warning:
            out.add("warning", C.ITEM_SHEET, n, "实施部门", match.warning)
        p.department, p.new_code = match.department or match.unknown, match.new_code
        if match.department is not None:
            ok = allowed.setdefault(match.department.pk, actor is None or can_manage(actor, match.department))
            if not ok:
                out.add("error", C.ITEM_SHEET, n, "实施部门", f"您不是“{match.department.name}”的事项管理员，无权导入其事项")
        p.fields, pending = _fields(values, out)
        p.main_item = values.get("main_item") or ""
        p.fees = values.get("fees") or []
        p.halls, p.topics = values.get("halls") or [], values.get("topics") or []
        for h in p.halls:
            if h not in halls:
                out.add("error", C.ITEM_SHEET, n, "办理大厅代码", f"办理大厅“{h}”不存在")
        for t in p.topics:
            if t not in topics:
                out.add("error", C.ITEM_SHEET, n, "主题代码", f"主题“{t}”不存在")
        rows = sorted(mats.get(p.code, []), key=lambda r: (r[1].get("order") is None, r[1].get("order") or 0, r[0]))
        p.materials = [_material(v) for _, v in rows]
        given = bool(p.materials) or values.get("zero_material") is True
        p.fields["materials_given"] = given
        if values.get("zero_material") is True and p.materials:
            out.add("error", C.ITEM_SHEET, n, "零材料", "已标明零材料，但“材料”工作表列有该事项的材料")
        p.fields["pending_fields"] = pending
        if "is_free" in pending and p.fees:
            # fees listed and 不收费 left blank: the item charges (said by the fee column, not a default)
            p.fields["is_free"] = False
            pending.remove("is_free")
            out.defaults["is_free"] -= 1
        problems = rules.check_version(p.fields, p.materials, p.fees)
        for k, msgs in _field_problems(p.fields, p.materials).items():
            problems.setdefault(k, []).extend(msgs)
        for k, msgs in problems.items():
            for m in msgs:
                out.add("error", C.ITEM_SHEET, n, C.LABELS.get(k, k), m)
        _compare(p, existing.get(p.code), out)
        out.items.append(p)
    codes = {p.code for p in out.items}
    outside = {p.main_item for p in out.items if p.main_item and p.main_item not in codes}
    known = set(ServiceItem.objects.filter(code__in=list(outside)).values_list("code", flat=True)) if outside else set()
    for p in out.items:
        if p.main_item and p.main_item not in codes and p.main_item not in known:
            out.add("error", C.ITEM_SHEET, p.row, "主项编码", f"主项“{p.main_item}”不在文件中，也不在目录中")
    for u in directory.unknown.values():
        if not create_departments:
            where = f"第{u.rows[0]}行" + (f"等{len(u.rows)}行" if len(u.rows) > 1 else "")
            out.add("error", C.ITEM_SHEET, u.rows[0], "实施部门",
                    f"实施部门“{u.name or u.code}”{f'（编码 {u.code}）' if u.name and u.code else ''}不在组织机构中"
                    f"（{where}）；可选择“同时创建部门”")
        elif actor is not None and not can_manage(actor, None):
            out.add("error", C.ITEM_SHEET, u.rows[0], "实施部门", "只有系统管理员可以在导入时创建部门")
    return out


def _compare(p: ItemPlan, item: ServiceItem | None, out: Plan) -> None:
    if item is None:
        p.action = "create"
        return
    p.item = item
    if hasattr(p.department, "pk") and item.department_id != p.department.pk:
        out.add("error", C.ITEM_SHEET, p.row, "实施部门",
                f"事项已属于“{item.department.name}”，不能在导入时改变实施部门")
    if item.status in (ServiceItem.Status.CANCELLED, ServiceItem.Status.DELEGATED):
        out.add("error", C.ITEM_SHEET, p.row, "事项编码", f"事项已{item.get_status_display()}，不能导入新版本")
    versions = item.all_versions
    if any(v.state == ItemVersion.State.DRAFT for v in versions):
        out.add("error", C.ITEM_SHEET, p.row, "事项编码", "该事项有未发布的草稿，请先在系统中发布或放弃草稿后再导入")
    published = [v for v in versions if v.state == ItemVersion.State.PUBLISHED]
    p.base = max(published, key=lambda v: v.number) if published else None
    if p.base is not None:
        templates = p.base.templates
        for m in p.materials:
            m["template"] = templates.get(m["name"], "")
        have = comparable(p.base)
        for m in have["materials"]:
            m["template"] = templates.get(m["name"], "")
        want = incoming(p)
        same_main = (p.main_item or None) == (_main_code(item))
        p.action = "unchanged" if have == want and same_main else "update"
    else:
        p.action = "update"


def _main_code(item: ServiceItem) -> str | None:
    return item.main_item.code if item.main_item_id else None
