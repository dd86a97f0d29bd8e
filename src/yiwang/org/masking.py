"""The platform's masking rules for personal identifiers (个人信息去标识化展示), one place for every API serializer,
page and document that shows a person's identifiers, and the audited reveal of the whole value.

Rules (GB/T 35273 个人信息安全规范 §3.14 / 等保 2.0 剩余信息与个人信息保护; the same masks everywhere):
- ID number (居民身份证号, 18 characters): first 6 (the region of issue) and last 4 kept — 110101********1234;
  other lengths: first 2 and last 2. A legal person's USCC (统一社会信用代码): first 4 and last 4 —
  9131**********001X (mask_uscc).
- mobile phone: 139****0001; a landline keeps its area code and last 4 — 010-****5678.
- name: the first character of a name of up to 3 (张*, 王**), the first two of a longer one (a compound surname:
  欧阳**); a legal person's name is public and not masked.
- e-mail: the first character of the local part and the domain — z***@example.com.
- address: the first 6 characters (province, city, district) and then ****.

The whole value is shown only to a role that needs it (REVEAL_ROLES: window clerks verifying identity, the case's
reviewers and deciders) for an applicant in their scope, or to the applicant themself, and each reveal leaves an
audit event `org.applicant.reveal` (who saw which applicant's full identifiers, when, why)."""
from __future__ import annotations

import re

from django.db import transaction

from .models import Applicant, Role
from .scoping import scope_of

MASK = "*"

# The roles that need an applicant's full identifiers for their work: identity checks at the window, review and
# decision on the applicant's case, and the issue of a licence in the holder's name.
REVEAL_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER})

REVEALED_FIELDS = ("id_number", "phone", "email", "address")


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


def mask_id_number(value) -> str:
    """110101199003071234 → 110101********1234."""
    code = "".join(_clean(value).split())
    if not code:
        return ""
    if len(code) >= 15:
        return code[:6] + MASK * (len(code) - 10) + code[-4:]
    if len(code) >= 6:
        return code[:2] + MASK * (len(code) - 4) + code[-2:]
    return MASK * len(code)


def mask_phone(value) -> str:
    """13900000001 → 139****0001; +86 13900000001 → +86 139****0001; 010-12345678 → 010-****5678."""
    raw = _clean(value)
    if not raw:
        return ""
    digits = re.sub(r"\D", "", raw)
    prefix = ""
    if raw.startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        prefix, digits = "+86 ", digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return prefix + digits[:3] + MASK * 4 + digits[-4:]
    if "-" in raw:
        area, _, number = raw.partition("-")
        number = re.sub(r"\D", "", number)
        return f"{area}-" + MASK * max(len(number) - 4, 4) + number[-4:]
    if len(digits) > 4:
        return MASK * (len(digits) - 4) + digits[-4:]
    return MASK * len(digits)


def mask_name(value) -> str:
    """张三 → 张*; 王小明 → 王**; 欧阳小明 → 欧阳**."""
    name = _clean(value)
    if len(name) <= 1:
        return name
    keep = 1 if len(name) <= 3 else 2
    return name[:keep] + MASK * (len(name) - keep)


def mask_email(value) -> str:
    """zhang.san@example.com → z***@example.com."""
    email = _clean(value)
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not at:
        return mask_name(email)
    return (local[:1] or "") + MASK * 3 + "@" + domain


def mask_address(value) -> str:
    """北京市东城区东华门街道正义路2号 → 北京市东城区****."""
    address = _clean(value)
    if not address:
        return ""
    return address[:6] + MASK * 4 if len(address) > 6 else address[:2] + MASK * 4


def mask_uscc(value) -> str:
    """91310114MA1000001X → 9131**********001X."""
    code = "".join(_clean(value).split())
    return code[:4] + MASK * 10 + code[-4:] if len(code) == 18 else mask_id_number(code)


def mask_identifier(kind: str, value) -> str:
    """The identifier of an applicant of either kind ("natural": 居民身份证号; "legal": USCC)."""
    return mask_uscc(value) if kind == "legal" else mask_id_number(value)


def masked_applicant(applicant: Applicant) -> dict:
    """An applicant's identifiers as everyone sees them by default. A legal person's name is public (it is on
    its licence and the register); a natural person's is masked only where the caller asks (lists use the
    name, as the case pages do)."""
    return {
        "id_number": mask_identifier(applicant.kind, applicant.id_number),
        "phone": mask_phone(applicant.phone),
        "email": mask_email(applicant.email),
        "address": mask_address(applicant.address) if applicant.kind == Applicant.Kind.NATURAL else applicant.address,
    }


def may_reveal(user, applicant: Applicant) -> bool:
    """Whether `user` may see `applicant`'s full identifiers: the applicant themself (or their agent), or a
    holder of a REVEAL_ROLE for whom the applicant is in scope (see applicants_visible_to)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    if applicant.pk in scope.applicant_ids:
        return True
    if not scope.has(*REVEAL_ROLES):
        return False
    from .queries import applicants_visible_to

    return applicants_visible_to(user, for_reveal=True).filter(pk=applicant.pk).exists()


def reveal(user, applicant: Applicant, *, reason: str = "") -> dict:
    """The applicant's full identifiers for `user`, recorded in the audit chain (who, which applicant, when,
    why). PermissionDenied if the user's roles do not need them."""
    from django.core.exceptions import PermissionDenied

    from yiwang.audit.services import record

    if not may_reveal(user, applicant):
        raise PermissionDenied("您的岗位无需查看该申请人的完整个人信息")
    scope = scope_of(user)
    role = next((r for r in sorted(scope.roles) if r in REVEAL_ROLES), "applicant" if not scope.roles else "")
    with transaction.atomic():
        record(actor=user, action="org.applicant.reveal", target=applicant, role=role,
               data={"fields": list(REVEALED_FIELDS), "reason": (reason or "").strip()[:200]})
    return {name: getattr(applicant, name) for name in REVEALED_FIELDS}
