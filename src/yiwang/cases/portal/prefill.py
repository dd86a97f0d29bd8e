"""Prefilling an application form from what the platform already knows (pure Python, no Django).

A form field is a free-text label from the item version (e.g. “统一社会信用代码”, “经办人联系电话”). Each label is
matched to one known fact of the applicant or of the person filling in; identity facts are locked (shown, not
editable: they come from the register), contact facts are prefilled and may be corrected."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from yiwang.org.identifiers import is_valid_ric, is_valid_uscc

# (pattern on the label, fact key); first match wins, so the specific patterns come first.
RULES: list[tuple[str, str]] = [
    (r"经办人.*(电话|手机)", "agent_phone"),
    (r"经办人.*(姓名|名称)?", "agent_name"),
    (r"统一社会信用代码|信用代码|USCC", "uscc"),
    (r"(公民)?身份(证)?号码?|身份证", "ric"),
    (r"法定代表人|负责人", "legal_representative"),
    (r"(单位|企业|公司|机构)名称", "legal_name"),
    (r"申请人姓名|^姓名$|申请人名称", "name"),
    (r"注册资本", "registered_capital"),
    (r"经营范围", "business_scope"),
    (r"邮箱|电子邮件", "email"),
    (r"(联系)?(电话|手机)", "phone"),
    (r"(联系|通讯|通信)?地址|住所", "address"),
]
LOCKED = frozenset({"uscc", "ric", "legal_name", "name", "legal_representative"})


def fact_for(label: str) -> str | None:
    label = (label or "").strip()
    for pattern, key in RULES:
        if re.search(pattern, label):
            return key
    return None


def facts_of(*, kind: str, name: str, id_number: str, phone: str = "", email: str = "", address: str = "",
             legal_representative: str = "", registered_capital: str = "", business_scope: str = "",
             agent_name: str = "", agent_phone: str = "") -> dict[str, str]:
    """The known facts, for a natural person (kind "natural") or a legal person ("legal")."""
    legal = kind == "legal"
    facts = {
        "name": name, "legal_name": name if legal else "",
        "uscc": id_number if legal else "", "ric": "" if legal else id_number,
        "legal_representative": legal_representative if legal else "",
        "registered_capital": registered_capital if legal else "", "business_scope": business_scope if legal else "",
        "phone": phone or agent_phone, "email": email, "address": address,
        "agent_name": agent_name, "agent_phone": agent_phone,
    }
    return {k: (v or "").strip() for k, v in facts.items()}


def prefill(fields: Iterable[str], facts: Mapping[str, str], saved: Mapping[str, str] | None = None) -> list[dict]:
    """One row per field: label, value (saved answer, else the known fact), and locked (a register fact that is
    known: the saved answer is ignored, the register wins)."""
    saved = saved or {}
    rows = []
    for label in fields:
        key = fact_for(label)
        known = facts.get(key, "") if key else ""
        locked = bool(key in LOCKED and known)
        value = known if locked else (saved.get(label) if saved.get(label) not in (None, "") else known)
        rows.append({"label": label, "value": value or "", "locked": locked, "fact": key})
    return rows


PHONE = re.compile(r"^\+?[0-9][0-9\- ]{6,19}$")


def check_answers(rows: Iterable[Mapping]) -> dict[str, str]:
    """Errors by label for a submission: every field answered; telephone fields look like telephone numbers."""
    errors = {}
    for row in rows:
        value = (row.get("value") or "").strip()
        label = row["label"]
        if not value:
            errors[label] = f"请填写“{label}”"
        elif row.get("fact") in ("phone", "agent_phone") and not PHONE.match(value):
            errors[label] = f"“{label}”格式不正确，请填写手机号或固定电话"
        elif row.get("fact") == "uscc" and not row.get("locked") and not is_valid_uscc(value):
            errors[label] = f"“{label}”不是有效的统一社会信用代码：应为18位，末位为校验码"
        elif row.get("fact") == "ric" and not row.get("locked") and not is_valid_ric(value):
            errors[label] = f"“{label}”不是有效的居民身份证号码：应为18位，末位为校验码"
    return errors
