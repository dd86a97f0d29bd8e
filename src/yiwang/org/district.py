"""Bringing up a real district from one workbook: regions, departments (with their filing codes), parks, halls,
windows, staff accounts and — on a sheet of its own — their post roles. The platform writes the template
(`template()`); `load()` reads a filled one, checks every row and saves all of it or nothing.

三员分立: the organisation sheets and the accounts are the system administrator's; the 岗位 sheet (role
assignments) is the security administrator's. A superuser (the deployment's break-glass account, made by
`createsuperuser`) may load both at once when the district is first brought up.

Rows are matched on their codes (区划代码, 部门代码, 园区代码, 大厅代码, 大厅代码+窗口号, 用户名): a row that exists is
updated, a new one created, nothing is deleted. New accounts get a generated initial password that must be changed
at the first login; the passwords are returned once (the command writes them to a file, the page shows them once)."""
from __future__ import annotations

import io
import secrets
import string
from dataclasses import dataclass, field

from django.db import transaction

from yiwang.api.errors import DomainError

from .identifiers import InvalidIdentifier, validate_uscc
from .models import (DEPARTMENT_ROLES, HALL_ROLES, Department, FilingCode, Hall, Park, Region, Role, StaffRole, User,
                     Window)
from .scoping import scope_of

LIST_SEP = ("；", ";", "、", "\n")

# sheet → [(column header, key, required, note for the template's second row)]
SHEETS: dict[str, list[tuple[str, str, bool, str]]] = {
    "区划": [("区划代码", "code", True, "12位数字，如 330114000000"), ("名称", "name", True, ""),
           ("层级", "level", True, "市 / 区 / 街镇 / 村居"), ("上级区划代码", "parent", False, "顶级区划留空")],
    "部门": [("部门代码", "code", True, "本平台内唯一，如 SCJ"), ("部门名称", "name", True, ""), ("简称", "short_name", False, ""),
           ("类型", "kind", False, "委办局 / 街镇 / 服务中心，默认委办局"), ("统一社会信用代码", "uscc", False, "按原样保存，异常时提示"),
           ("所属区划代码", "region", True, ""), ("咨询电话", "phone", False, ""), ("地址", "address", False, ""),
           ("别名", "aliases", False, "事项目录中出现的其他名称，用；分隔"),
           ("办理编码", "filing_codes", False, "部门办理事项所用的其他编码，用；分隔")],
    "园区": [("园区代码", "code", True, ""), ("园区名称", "name", True, ""),
           ("类型", "kind", False, "开发区 / 产业园区 / 科技园区 / 综合保税区 / 其他园区"), ("所在区划代码", "region", True, ""),
           ("管理机构", "managing_body", True, "如 某某园区管理委员会"), ("主管部门代码", "managing_department", False, ""),
           ("地址", "address", False, ""), ("联系电话", "phone", False, "")],
    "大厅": [("大厅代码", "code", True, ""), ("名称", "name", True, ""), ("类型", "kind", True, "行政服务中心 / 社区事务受理服务中心"),
           ("所属区划代码", "region", True, ""), ("地址", "address", True, ""), ("电话", "phone", False, ""),
           ("办公时间", "opening_hours", False, "默认 工作日 9:00-12:00，13:30-17:00"),
           ("节假日服务", "open_on_holidays", False, "是 / 否")],
    "窗口": [("大厅代码", "hall", True, ""), ("窗口号", "number", True, ""), ("名称", "name", True, ""),
           ("类型", "kind", False, "综合窗口 / 专业窗口 / 出件窗口 / 咨询引导，默认综合窗口"),
           ("受理部门代码", "departments", False, "用；分隔")],
    "人员": [("用户名", "username", True, "字母、数字和 @.+-_"), ("姓名", "display_name", True, ""),
           ("手机号", "phone", False, ""), ("电子邮箱", "email", False, "")],
    "岗位": [("用户名", "username", True, "人员表或平台中已有的账号"), ("岗位角色", "role", True, "如 窗口受理人员、审核人员"),
           ("部门代码", "department", False, "部门岗位必填"), ("大厅代码", "hall", False, "窗口岗位必填"),
           ("窗口号", "window", False, ""), ("窗口事务官", "is_window_officer", False, "是 / 否")],
}
ORG_SHEETS = ("区划", "部门", "园区", "大厅", "窗口", "人员")
ROLE_SHEET = "岗位"

EXAMPLE = {
    "区划": [["330100000000", "江澄市", "市", ""], ["330114000000", "明湖区", "区", "330100000000"]],
    "部门": [["SCJ", "明湖区市场监督管理局", "区市场监管局", "委办局", "11330114MB1234567X", "330114000000",
            "0571-88000001", "明湖区政务大道1号", "区市场监管局；明湖区市监局", ""]],
    "园区": [["MHGY", "明湖经济开发区", "开发区", "330114000000", "明湖经济开发区管理委员会", "", "", ""]],
    "大厅": [["MH01", "明湖区行政服务中心", "行政服务中心", "330114000000", "明湖区政务大道1号", "0571-88000000", "", "否"]],
    "窗口": [["MH01", "1", "综合受理1号窗口", "综合窗口", "SCJ"]],
    "人员": [["wangfang", "王芳", "", ""]],
    "岗位": [["wangfang", "窗口受理人员", "", "MH01", "1", "否"]],
}


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)  # new accounts' initial passwords (shown once)
    assignments: list[str] = field(default_factory=list)  # "username role department/hall" (for the audit trail)

    def count(self, sheet: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[sheet] = bucket.get(sheet, 0) + 1

    def summary(self) -> str:
        parts = [f"{s}：新增{self.created.get(s, 0)}、更新{self.updated.get(s, 0)}" for s in SHEETS
                 if self.created.get(s) or self.updated.get(s)]
        return "；".join(parts) or "没有数据行"


class DistrictError(DomainError):
    def __init__(self, report: Report):
        super().__init__("工作簿有 %d 处错误，未导入任何数据：%s" % (len(report.errors), "；".join(report.errors[:5])),
                         field="file")
        self.report = report


# ---- the template -----------------------------------------------------------------------------------------------------
def template() -> bytes:
    """The workbook to fill: one sheet per kind, Chinese headers, a note row, one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    for name, columns in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append([("*" if req else "") + head for head, _k, req, _n in columns])
        ws.append([note for *_x, note in columns])
        for row in EXAMPLE.get(name, []):
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for cell in ws[2]:
            cell.font = Font(italic=True, color="666666")
            cell.fill = PatternFill("solid", fgColor="F2F2F2")
        for i, (head, *_r) in enumerate(columns, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = max(12, len(head) * 2 + 4)
    readme = wb.create_sheet("说明", 0)
    for line in [
        "区县政务服务组织机构导入模板（一网）",
        "1. 每张表第一行是列名（带 * 的必填），第二行是填写说明（导入时跳过），从第三行起每行一条；示例行可删除。",
        "2. 按代码匹配：已有的更新，没有的新增，不删除任何数据。任何一行有错误时整个工作簿都不导入。",
        "3. 「区划」「部门」「园区」「大厅」「窗口」「人员」由系统管理员导入；「岗位」由安全管理员导入（三员分立）。",
        "4. 新账号的初始密码由平台生成，只显示一次，首次登录须修改。",
        "5. 岗位角色可填：" + "、".join(str(label) for _v, label in Role.choices),
    ]:
        readme.append([line])
    readme.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---- reading ----------------------------------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split(value: str) -> list[str]:
    for sep in LIST_SEP[1:]:
        value = value.replace(sep, LIST_SEP[0])
    return [v.strip() for v in value.split(LIST_SEP[0]) if v.strip()]


def read(data: bytes, report: Report) -> dict[str, list[tuple[int, dict]]]:
    """Rows per sheet as (row number, {key: text}); unknown or missing columns are errors."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  openpyxl raises many kinds for a file that is not a workbook
        raise DomainError("无法读取该文件：请上传由平台模板填写的 .xlsx 工作簿", field="file") from None
    out: dict[str, list[tuple[int, dict]]] = {}
    for name, columns in SHEETS.items():
        if name not in wb.sheetnames:
            continue
        rows = wb[name].iter_rows(values_only=True)
        header = [_text(h).lstrip("*") for h in next(rows, ())]
        keys = {}
        for head, key, _req, _n in columns:
            if head in header:
                keys[key] = header.index(head)
            elif _req:
                report.errors.append(f"「{name}」表缺少列「{head}」")
        if len(keys) < sum(1 for c in columns if c[2]):
            continue
        out[name] = []
        for number, row in enumerate(rows, start=2):
            values = {k: _text(row[i]) if i < len(row) else "" for k, i in keys.items()}
            if not any(values.values()):
                continue
            if number == 2 and values == {k: n for _h, k, _r, n in columns if k in values}:
                continue  # the note row
            out[name].append((number, values))
    unknown = [s for s in wb.sheetnames if s not in SHEETS and s != "说明"]
    if unknown:
        report.warnings.append("未识别的工作表已忽略：" + "、".join(unknown))
    return out


def _choice(choices, text: str, default=None):
    """A choice given by its Chinese label or its value."""
    if not text:
        return default
    for value, label in choices:
        if text in (str(label), str(value)):
            return value
    raise ValueError("可填：" + " / ".join(str(label) for _v, label in choices))


def _yes(text: str) -> bool:
    if text in ("", "否", "N", "n", "no", "0", "False", "false"):
        return False
    if text in ("是", "Y", "y", "yes", "1", "True", "true"):
        return True
    raise ValueError("请填 是 或 否")


def may_load_org(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or scope_of(user).has(Role.SYSADMIN)))


def may_load_roles(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or scope_of(user).has(Role.SECURITY_ADMIN)))


# ---- loading ----------------------------------------------------------------------------------------------------------
def initial_password() -> str:
    """Twelve characters with all four classes (the platform's password rule asks three of four)."""
    pools = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "!@#%*+-="]
    chars = [secrets.choice(p) for p in pools] + [secrets.choice("".join(pools)) for _ in range(8)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def load(data: bytes, *, actor, dry_run: bool = False) -> Report:
    """Check the workbook and save all of it (or, with dry_run, nothing). Raises DistrictError listing every
    problem when any row is wrong; nothing is saved then."""
    from yiwang.audit.services import record

    report = Report()
    sheets = read(data, report)
    has_org = any(sheets.get(s) for s in ORG_SHEETS)
    if has_org and not may_load_org(actor):
        raise DomainError("区划、部门、园区、大厅、窗口和人员账号由系统管理员导入（三员分立）", field="file",
                          code="forbidden")
    if sheets.get(ROLE_SHEET) and not may_load_roles(actor):
        raise DomainError("「岗位」表（岗位角色分配）由安全管理员导入（三员分立）", field="file", code="forbidden")
    if report.errors:
        raise DistrictError(report)
    with transaction.atomic():
        loader = _Loader(report)
        for name in SHEETS:
            for number, values in sheets.get(name, []):
                try:
                    with transaction.atomic():
                        getattr(loader, "sheet_" + {"区划": "region", "部门": "department", "园区": "park",
                                                    "大厅": "hall", "窗口": "window", "人员": "user",
                                                    "岗位": "role"}[name])(values)
                except _RowError as exc:
                    report.errors.append(f"「{name}」第{number}行：{exc}")
        if report.errors:
            transaction.set_rollback(True)
            raise DistrictError(report)
        if dry_run:
            transaction.set_rollback(True)
            return report
        record(actor=actor, action="org.district.load", target=None,
               data={"created": report.created, "updated": report.updated, "warnings": report.warnings[:50],
                     "accounts": sorted(report.passwords), "roles": report.assignments[:500]})
    return report


class _RowError(Exception):
    pass


def _need(values: dict, key: str, head: str) -> str:
    if not values.get(key):
        raise _RowError(f"「{head}」必填")
    return values[key]


def _clean(obj, exclude=()) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=list(exclude), validate_unique=True)
    except ValidationError as exc:
        raise _RowError("；".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs)) from None


class _Loader:
    def __init__(self, report: Report):
        self.report = report

    def _region(self, code: str, head: str) -> Region:
        try:
            return Region.objects.get(code=code)
        except Region.DoesNotExist:
            raise _RowError(f"{head} {code} 不存在（请先在「区划」表中列出）") from None

    def _department(self, code: str) -> Department:
        try:
            return Department.objects.get(code=code)
        except Department.DoesNotExist:
            raise _RowError(f"部门代码 {code} 不存在（请先在「部门」表中列出）") from None

    def _hall(self, code: str) -> Hall:
        try:
            return Hall.objects.get(code=code)
        except Hall.DoesNotExist:
            raise _RowError(f"大厅代码 {code} 不存在（请先在「大厅」表中列出）") from None

    def _choice(self, choices, text, default, head):
        try:
            return _choice(choices, text, default)
        except ValueError as exc:
            raise _RowError(f"「{head}」填写的“{text}”无法识别，{exc}") from None

    def sheet_region(self, v):
        code = _need(v, "code", "区划代码")
        obj, created = Region.objects.get_or_create(code=code, defaults={"name": "", "level": 1})
        obj.name = _need(v, "name", "名称")
        obj.level = self._choice(Region.Level.choices, _need(v, "level", "层级"), None, "层级")
        obj.parent = self._region(v["parent"], "上级区划代码") if v.get("parent") else None
        _clean(obj)
        obj.save()
        self.report.count("区划", created)

    def sheet_department(self, v):
        code = _need(v, "code", "部门代码")
        obj = Department.objects.filter(code=code).first()
        created = obj is None
        obj = obj or Department(code=code)
        obj.name = _need(v, "name", "部门名称")
        obj.short_name = v.get("short_name", obj.short_name)
        obj.kind = self._choice(Department.Kind.choices, v.get("kind", ""), obj.kind or Department.Kind.BUREAU, "类型")
        obj.uscc = v.get("uscc", "")
        obj.region = self._region(_need(v, "region", "所属区划代码"), "所属区划代码")
        obj.phone, obj.address = v.get("phone", ""), v.get("address", "")
        obj.aliases = "\n".join(_split(v.get("aliases", "")))
        _clean(obj)
        obj.save()
        codes = [c for c in _split(v.get("filing_codes", "")) if c != obj.uscc]
        obj.filing_codes.exclude(code__in=codes).delete()
        have = set(obj.filing_codes.values_list("code", flat=True))
        FilingCode.objects.bulk_create([FilingCode(department=obj, code=c[:40]) for c in codes if c not in have])
        for code_ in ([obj.uscc] if obj.uscc else []) + codes:
            try:
                validate_uscc(code_)
            except InvalidIdentifier as exc:
                self.report.warnings.append(f"{obj.name}：编码 {code_} 不是有效的统一社会信用代码（{exc}），已按原样保存")
        self.report.count("部门", created)

    def sheet_park(self, v):
        code = _need(v, "code", "园区代码")
        obj = Park.objects.filter(code=code).first()
        created = obj is None
        obj = obj or Park(code=code)
        obj.name = _need(v, "name", "园区名称")
        obj.kind = self._choice(Park.Kind.choices, v.get("kind", ""), obj.kind or Park.Kind.INDUSTRIAL, "类型")
        obj.region = self._region(_need(v, "region", "所在区划代码"), "所在区划代码")
        obj.managing_body = _need(v, "managing_body", "管理机构")
        obj.managing_department = self._department(v["managing_department"]) if v.get("managing_department") else None
        obj.address, obj.phone = v.get("address", ""), v.get("phone", "")
        _clean(obj)
        obj.save()
        self.report.count("园区", created)

    def sheet_hall(self, v):
        code = _need(v, "code", "大厅代码")
        obj = Hall.objects.filter(code=code).first()
        created = obj is None
        obj = obj or Hall(code=code)
        obj.name = _need(v, "name", "名称")
        obj.kind = self._choice(Hall.Kind.choices, _need(v, "kind", "类型"), None, "类型")
        obj.region = self._region(_need(v, "region", "所属区划代码"), "所属区划代码")
        obj.address, obj.phone = _need(v, "address", "地址"), v.get("phone", "")
        if v.get("opening_hours"):
            obj.opening_hours = v["opening_hours"]
        try:
            obj.open_on_holidays = _yes(v.get("open_on_holidays", ""))
        except ValueError as exc:
            raise _RowError(f"「节假日服务」{exc}") from None
        _clean(obj)
        obj.save()
        self.report.count("大厅", created)

    def sheet_window(self, v):
        hall = self._hall(_need(v, "hall", "大厅代码"))
        number = _need(v, "number", "窗口号")
        obj = Window.objects.filter(hall=hall, number=number).first()
        created = obj is None
        obj = obj or Window(hall=hall, number=number)
        obj.name = _need(v, "name", "名称")
        obj.kind = self._choice(Window.Kind.choices, v.get("kind", ""), obj.kind or Window.Kind.COMPREHENSIVE, "类型")
        _clean(obj)
        obj.save()
        obj.departments.set([self._department(c) for c in _split(v.get("departments", ""))])
        self.report.count("窗口", created)

    def sheet_user(self, v):
        username = _need(v, "username", "用户名")
        obj = User.objects.filter(username=username).first()
        created = obj is None
        if obj is not None and obj.kind != User.Kind.STAFF:
            raise _RowError(f"用户名 {username} 已被申请人账号使用")
        obj = obj or User(username=username, kind=User.Kind.STAFF)
        obj.display_name = _need(v, "display_name", "姓名")
        if v.get("phone"):
            obj.phone = v["phone"]
        if v.get("email"):
            obj.email = v["email"]
        _clean(obj, exclude=["password"])
        if created:
            password = initial_password()
            obj._yiwang_password_set_by_admin = True  # security: a default password, changed at the first login
            obj.set_password(password)
            self.report.passwords[username] = password
        obj.save()
        self.report.count("人员", created)

    def sheet_role(self, v):
        username = _need(v, "username", "用户名")
        user = User.objects.filter(username=username, kind=User.Kind.STAFF).first()
        if user is None:
            raise _RowError(f"工作人员账号 {username} 不存在（请先在「人员」表中列出）")
        role = self._choice(Role.choices, _need(v, "role", "岗位角色"), None, "岗位角色")
        department = self._department(v["department"]) if v.get("department") else None
        hall = self._hall(v["hall"]) if v.get("hall") else None
        if role in DEPARTMENT_ROLES and department is None:
            raise _RowError(f"{Role(role).label}必须填写部门代码")
        if role in HALL_ROLES and hall is None:
            raise _RowError(f"{Role(role).label}必须填写大厅代码")
        window = None
        if v.get("window"):
            if hall is None:
                raise _RowError("填写窗口号时须同时填写大厅代码")
            window = Window.objects.filter(hall=hall, number=v["window"]).first()
            if window is None:
                raise _RowError(f"大厅 {hall.code} 没有 {v['window']} 号窗口")
        try:
            officer = _yes(v.get("is_window_officer", ""))
        except ValueError as exc:
            raise _RowError(f"「窗口事务官」{exc}") from None
        obj, created = StaffRole.objects.get_or_create(user=user, role=role, department=department, hall=hall)
        obj.window, obj.is_window_officer = window, officer
        _clean(obj)
        obj.save()
        self.report.assignments.append(f"{username} {role} {(department or hall or '全区')}")
        self.report.count("岗位", created)
