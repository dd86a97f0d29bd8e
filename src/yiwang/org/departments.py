"""Department management (organisation administrators): create and edit departments with their aliases and
filing codes. A code is kept as given; a malformed one or one another department also files under is shown as
a warning, never merged or refused (unless YIWANG_STRICT_CODES)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from yiwang.api.errors import Conflict, DomainError

from .identifiers import InvalidIdentifier, validate_uscc
from .models import Department, FilingCode, Role
from .scoping import scope_of

FIELDS = ["code", "name", "short_name", "kind", "uscc", "region", "phone", "address", "aliases", "is_active"]


class NotOrgAdmin(DomainError):
    status = 403
    code = "permission_denied"


def can_manage_org(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or scope_of(user).has(Role.SYSADMIN)


def parse_codes(text: str) -> list[tuple[str, str]]:
    """Filing codes typed one a line, "code note" (the note is optional)."""
    out, seen = [], set()
    for line in str(text or "").splitlines():
        parts = line.strip().split(None, 1)
        if parts and parts[0] not in seen:
            seen.add(parts[0])
            out.append((parts[0][:40], parts[1][:100] if len(parts) > 1 else ""))
    return out


def code_warnings(dept: Department, codes: list[str]) -> list[str]:
    """What is odd about the department's codes: not a valid USCC, or also filed under by another department."""
    out = []
    for code in ([dept.uscc] if dept.uscc else []) + [c for c in codes if c != dept.uscc]:
        try:
            validate_uscc(code)
        except InvalidIdentifier as exc:
            out.append(f"编码 {code} 不是有效的统一社会信用代码：{exc}")
        others = set(Department.objects.filter(uscc=code).exclude(pk=dept.pk).values_list("name", flat=True)) | set(
            FilingCode.objects.filter(code=code).exclude(department=dept).values_list("department__name", flat=True))
        if others:
            out.append(f"编码 {code} 也是{'、'.join(sorted(others))}的办理编码（共用，未合并）")
    return out


def save_department(*, actor, department: Department | None = None, filing_codes: str = "", **fields):
    """Create (department None) or edit a department and replace its filing codes. Returns (department,
    warnings). Raises ValidationError (field-level, Chinese) or Conflict."""
    from yiwang.audit.services import record

    if not can_manage_org(actor):
        raise NotOrgAdmin("只有系统管理员可以维护部门")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise DomainError(f"不支持的字段：{'、'.join(sorted(unknown))}")
    codes = parse_codes(filing_codes)
    with transaction.atomic():
        dept = Department.objects.select_for_update().get(pk=department.pk) if department else Department()
        before = None if department is None else {f: str(getattr(dept, f)) for f in FIELDS} | {
            "filing_codes": [c.code for c in dept.filing_codes.all()]}
        for k, v in fields.items():
            setattr(dept, k, v.strip() if isinstance(v, str) else v)
        dept.full_clean()
        try:
            with transaction.atomic():
                dept.save()
        except IntegrityError:
            raise Conflict("部门代码或名称已被使用") from None
        dept.filing_codes.exclude(code__in=[c for c, _ in codes]).delete()
        have = set(dept.filing_codes.values_list("code", flat=True))
        FilingCode.objects.bulk_create([FilingCode(department=dept, code=c, note=n) for c, n in codes
                                        if c not in have and c != dept.uscc])
        warnings = code_warnings(dept, [c for c, _ in codes])
        record(actor=actor, action="org.department.create" if department is None else "org.department.update",
               target=dept, before=before,
               after={f: str(getattr(dept, f)) for f in FIELDS} | {"filing_codes": [c for c, _ in codes],
                                                                   "warnings": warnings})
    return dept, warnings


__all__ = ["ValidationError", "save_department", "can_manage_org", "code_warnings", "parse_codes"]
