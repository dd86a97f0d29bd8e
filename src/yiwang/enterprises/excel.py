"""Bulk import and export of the registry: the platform's own template (Excel or CSV with the same columns).

An import is all or nothing: every row is checked through the same service functions the pages use; if any row
has an error, nothing is saved and every error is reported by row and column (“第5行 D列（行业代码）：…”). In
update mode a row whose USCC is already registered updates that profile; in create mode it is an error."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from yiwang.api.errors import DomainError

from . import services
from .models import Enterprise

COLUMNS: list[tuple[str, str, str]] = [
    ("统一社会信用代码", "uscc", "必填，18位"),
    ("企业名称", "name", "必填"),
    ("市场主体类型", "entity_type", "如：有限责任公司、股份有限公司、个体工商户、农民专业合作社、外商投资企业"),
    ("行业代码", "industry", "GB/T 4754-2017 代码，如 C3911 或 3911"),
    ("注册资本（万元）", "registered_capital", "数字"),
    ("注册资本币种", "capital_currency", "默认人民币"),
    ("成立日期", "founded_on", "如 2019-03-15"),
    ("登记状态", "status", "存续（在业）、迁出、注销、吊销；默认存续（在业）"),
    ("所在区划", "region", "12位区划代码或名称"),
    ("所在园区", "park", "园区代码或名称"),
    ("住所", "address", ""),
    ("法定代表人", "legal_representative", ""),
    ("联系人", "contact_name", ""),
    ("联系电话", "contact_phone", ""),
    ("经营范围", "business_scope", ""),
    ("年度", "year", "填写年度数据时必填，如 2024"),
    ("从业人员（人）", "headcount", "期末从业人员数，非负整数"),
    ("营业收入（万元）", "revenue", "数字"),
    ("资产总额（万元）", "total_assets", "数字"),
    ("纳税额（万元）", "tax_paid", "数字"),
    ("标签", "tags", "标签名称或代码，多个用顿号分隔，如：高新技术企业、专精特新中小企业"),
]
HEADERS = [c[0] for c in COLUMNS]
KEY_OF = {c[0]: c[1] for c in COLUMNS}
FIGURE_KEYS = ("headcount", "revenue", "total_assets", "tax_paid")
MAX_ROWS = 50000


@dataclass
class RowError:
    row: int
    column: str  # letter
    header: str
    message: str

    def __str__(self):
        where = f"第{self.row}行" + (f" {self.column}列（{self.header}）" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(DomainError):
    """The file itself cannot be read (not Excel/CSV, wrong headers)."""


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "企业档案"
    ws.append(HEADERS)
    for i, _ in enumerate(HEADERS, start=1):
        ws.cell(row=1, column=i).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = 18
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for header, _key, note in COLUMNS:
        notes.append([header, note])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(filename: str, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(headers, [(row number, cells)]) from an .xlsx or .csv file; ImportFileError if it is neither."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportFileError("文件扩展名为.xlsx，但内容不是Excel工作簿", field="file")
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a broken file
            raise ImportFileError("无法读取该Excel文件，请使用平台提供的模板", field="file") from None
        ws = wb.worksheets[0]
        raw = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    elif name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError("无法识别CSV文件的编码（应为UTF-8或GB18030）", field="file")
        if "\x00" in text:
            raise ImportFileError("文件扩展名为.csv，但内容不是文本", field="file")
        raw = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ImportFileError("请上传.xlsx或.csv文件（可下载平台模板）", field="file")
    if not raw:
        raise ImportFileError("文件为空", field="file")
    headers = [h.strip() for h in raw[0]]
    while headers and not headers[-1]:
        headers.pop()
    unknown = [h for h in headers if h and h not in KEY_OF]
    if unknown:
        raise ImportFileError(f"表头“{unknown[0]}”不是模板中的列，请使用平台模板", field="file")
    for required in ("统一社会信用代码", "企业名称"):
        if required not in headers:
            raise ImportFileError(f"缺少必需的列“{required}”", field="file")
    rows = [(i, cells) for i, cells in enumerate(raw[1:], start=2) if any(c for c in cells)]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"一次最多导入{MAX_ROWS}行，当前{len(rows)}行，请分批导入", field="file")
    return headers, rows


def _split_tags(text: str) -> list[str]:
    for sep in ("，", ",", ";", "；", "/"):
        text = text.replace(sep, "、")
    return [t.strip() for t in text.split("、") if t.strip()]


def import_file(filename: str, data: bytes, *, actor, update: bool) -> ImportResult:
    """Import a template file. All or nothing; errors by row and column."""
    headers, rows = read_rows(filename, data)
    column_of = {KEY_OF[h]: (get_column_letter(i + 1), h) for i, h in enumerate(headers) if h}
    result = ImportResult()

    def err(row: int, key: str | None, message: str):
        letter, header = column_of.get(key, ("", "")) if key else ("", "")
        result.errors.append(RowError(row, letter, header, message))

    seen: dict[str, int] = {}
    with transaction.atomic():
        existing = set()
        for number, cells in rows:
            record = {KEY_OF[h]: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
            try:
                code = services.normalise_uscc(record.get("uscc", ""))
            except DomainError as exc:
                err(number, "uscc", exc.message)
                continue
            if code in seen:
                err(number, "uscc", f"与第{seen[code]}行的统一社会信用代码重复")
                continue
            seen[code] = number
            existing_profile = Enterprise.objects.filter(uscc=code).first()
            if existing_profile and not update:
                err(number, "uscc", "该企业已建档；如需更新已有企业，请选择“按统一社会信用代码更新”")
                continue
            profile = {k: v for k, v in record.items() if k in services.PROFILE_FIELDS and (v != "" or k == "name")}
            try:
                with transaction.atomic():
                    if existing_profile:
                        e = services.update_enterprise(existing_profile, actor=actor, reason="批量导入", **profile)
                        existing.add(code)
                    else:
                        name = profile.pop("name", "")
                        e = services.register_enterprise(actor=actor, uscc=code, name=name, **profile)
                    figures = {k: record.get(k, "") for k in FIGURE_KEYS}
                    if record.get("year") or any(figures.values()):
                        if not record.get("year"):
                            raise DomainError("填写了年度数据，请同时填写年度", field="year")
                        services.record_yearly_figures(e, actor=actor, year=record["year"],
                                                       source="import", **figures)
                    for tag in _split_tags(record.get("tags", "")):
                        try:
                            services.add_tag(e, actor=actor, tag=tag)
                        except DomainError as exc:
                            raise DomainError(exc.message, field="tags") from None
            except DomainError as exc:
                err(number, exc.field if exc.field in column_of else None, exc.message)
                continue
            if existing_profile:
                result.updated += 1
            else:
                result.created += 1
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = 0
        else:
            from yiwang.audit.services import record as audit

            audit(actor=actor, action="enterprises.import", target=None,
                  data={"file": filename, "rows": len(rows), "updated_mode": update,
                        "created": result.created, "updated": len(existing)})
    return result


def export_workbook(qs) -> bytes:
    """The registry (as filtered) in the template's columns, so an export can be corrected and imported back."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业档案")
    ws.append(HEADERS)
    qs = qs.select_related("region", "park").prefetch_related("tags__tag")
    for e in qs.iterator(chunk_size=2000):
        ws.append([
            e.uscc, e.name, e.get_entity_type_display(), e.industry_id or "",
            float(e.registered_capital) if e.registered_capital is not None else None, e.capital_currency,
            e.founded_on, e.get_status_display(), e.region.code if e.region else "", e.park.code if e.park else "",
            e.address, e.legal_representative, e.contact_name, e.contact_phone, e.business_scope,
            e.figures_year, e.headcount, float(e.revenue) if e.revenue is not None else None,
            float(e.total_assets) if e.total_assets is not None else None,
            float(e.tax_paid) if e.tax_paid is not None else None,
            "、".join(t.tag.name for t in e.tags.all()),
        ])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
