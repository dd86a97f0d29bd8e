"""Import credit records from Excel (.xlsx) or CSV: every row checked first; any error, nothing is saved."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from yiwang.org import identifiers as ids
from yiwang.org.models import Department

from .. import access
from ..domain import rows as dr
from ..models import Record
from .common import DomainError, audit
from .records import add_record


@dataclass
class ImportResult:
    created: int = 0
    errors: list = field(default_factory=list)    # (row number, message)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cells(name: str, data: bytes) -> list[dict]:
    if name.lower().endswith(".csv"):
        text = data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode("utf-16")
        return list(csv.DictReader(io.StringIO(text)))
    if name.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise DomainError("文件无法读取：请使用导入模板（.xlsx）", field="file") from None
        it = wb.active.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(it, [])]
        return [dict(zip(header, r)) for r in it if any(c not in (None, "") for c in r)]
    raise DomainError("只支持 .xlsx 或 .csv 文件", field="file")


def _ric(code):
    try:
        return ids.validate_ric(code)
    except ids.InvalidIdentifier as exc:
        raise ValueError(str(exc)) from None


def _uscc(code):
    try:
        return ids.validate_uscc(code)
    except ids.InvalidIdentifier as exc:
        raise ValueError(str(exc)) from None


def import_records(*, actor, file_name: str, data: bytes, department: Department | None = None) -> ImportResult:
    """Read every row; if any row has an error, report them all (row numbers as in the sheet) and save nothing."""
    cells = _cells(file_name, data)
    missing = [c for c in dr.REQUIRED if cells and c not in cells[0]]
    if not cells:
        raise DomainError("文件中没有数据行", field="file")
    if missing:
        raise DomainError(f"缺少列：{'、'.join(missing)}（请使用导入模板）", field="file")
    result = ImportResult()
    parsed = []
    codes = {d.code: d for d in Department.objects.all()}
    for i, row_cells in enumerate(cells, start=2):
        row = dr.read_row(i, row_cells, validate_uscc=_uscc, validate_ric=_ric)
        dep_code = row.values.get("department_code")
        dep = codes.get(dep_code) if dep_code else department
        if dep_code and dep is None:
            row.errors.append(f"认定部门代码“{dep_code}”不存在")
        elif dep is None:
            row.errors.append("请填写“认定部门代码”")
        elif not access.may_edit_department(actor, dep.pk):
            row.errors.append(f"不能导入{dep.name}认定的记录（只能导入本部门的）")
        result.errors += [(i, e) for e in row.errors]
        result.warnings += [(i, w) for w in row.warnings]
        parsed.append((row, dep))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for row, dep in parsed:
                v = row.values
                try:
                    add_record(actor=actor, subject_code=v["subject_code"], subject_name=v["subject_name"],
                               subject_kind=v["subject_kind"], kind=v["kind"], department=dep,
                               severity=v["severity"], special_field=v["special_field"],
                               title=v["list_name"] or "", decision_number=v["decision_number"],
                               legal_basis=v["legal_basis"], content=v["content"], decided_on=v["decided_on"],
                               valid_until=v["valid_until"], source=Record.Source.IMPORTED)
                except DomainError as exc:
                    result.errors.append((row.number, exc.message))
                    raise
                result.created += 1
            audit(actor=actor, action="credit.record.import", target=None,
                  data={"file": file_name, "rows": result.created})
    except DomainError:
        result.created = 0
    return result


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "信用记录"
    ws.append(dr.COLUMNS)
    ws.append(["某某餐饮管理有限公司", "91310115MA1K3YJ12X", "法人", "行政处罚", "一般", "", "沪市监罚〔2025〕12号",
               "SCJ", "《食品安全法》第一百二十六条", "未按规定公示食品经营许可证", "2025-03-01", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
