"""Catalogue rules on an item version's content. Pure Python: takes plain values, returns
``{field: [Chinese messages]}`` (empty when everything is right)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

# Domains where 告知承诺 is excluded (国办发〔2020〕42号); values match models.RiskDomain.
COMMITMENT_EXCLUDED_DOMAINS = {
    "national_security": "国家安全",
    "state_secret": "国家秘密",
    "public_safety": "公共安全",
    "financial": "金融业审慎监管",
    "ecology": "生态环境保护",
    "health_life_property": "直接涉及人身健康、生命财产安全",
}


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def normalise_limits(legal: int | None, promised: int | None) -> tuple[int | None, int | None]:
    """A missing promised limit takes the legal limit (a promise never longer than the law)."""
    if promised is None and legal is not None:
        promised = legal
    return legal, promised


def check_limits(legal: int | None, promised: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, value, label in (("legal_limit_days", legal, "法定办结时限"), ("promised_limit_days", promised, "承诺办结时限")):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            _add(errors, field, f"{label}应为不小于0的整数（工作日）")
    if errors:
        return errors
    if promised is None:
        _add(errors, "promised_limit_days", "法律法规未规定办结时限的事项，必须明确承诺办结时限（0 表示即办件）")
    elif legal is not None and promised > legal:
        _add(errors, "promised_limit_days", f"承诺办结时限（{promised}个工作日）不得超过法定办结时限（{legal}个工作日）")
    return errors


JOINT_LIMIT_DAYS = 45  # 行政许可法 art. 42 (2)


def check_version(data: Mapping, materials: Iterable[Mapping] = (), fees: Iterable[Mapping] = ()) -> dict[str, list[str]]:
    """All rules on one version: limits, handling modes, 告知承诺, fees and materials."""
    errors = check_limits(data.get("legal_limit_days"), data.get("promised_limit_days"))
    if not str(data.get("name") or "").strip():
        _add(errors, "name", "请填写事项名称")
    if data.get("fully_online") and data.get("max_visits", 0):
        _add(errors, "max_visits", "全程网办事项的跑动次数应为0")
    if data.get("on_the_spot") and data.get("promised_limit_days") not in (0, None):
        _add(errors, "on_the_spot", "当场办结事项的承诺办结时限应为0（即办件）")
    if data.get("joint_handling") and (data.get("promised_limit_days") or 0) > JOINT_LIMIT_DAYS:
        _add(errors, "promised_limit_days",
             f"统一、联合或集中办理的事项，办理时间不得超过{JOINT_LIMIT_DAYS}个工作日（行政许可法第四十二条第二款）")
    domain = data.get("risk_domain") or ""
    if data.get("commitment_allowed") and domain in COMMITMENT_EXCLUDED_DOMAINS:
        _add(errors, "commitment_allowed",
             f"涉及{COMMITMENT_EXCLUDED_DOMAINS[domain]}的事项不得适用告知承诺制")
    fees = list(fees)
    if data.get("is_free", True) and fees:
        _add(errors, "fees", "已标明不收费的事项不应列出收费项目")
    if not data.get("is_free", True) and not fees:
        _add(errors, "fees", "收费事项须列明收费项目、标准和依据")
    for i, fee in enumerate(fees, 1):
        for key, label in (("name", "收费项目"), ("standard", "收费标准"), ("basis", "收费依据")):
            if not str(fee.get(key) or "").strip():
                _add(errors, "fees", f"第{i}项收费缺少{label}")
    seen = set()
    for i, m in enumerate(materials, 1):
        name = str(m.get("name") or "").strip()
        where = f"第{i}项材料“{name}”" if name else f"第{i}项材料"
        if not name:
            _add(errors, "materials", f"{where}缺少材料名称")
        elif name in seen:
            _add(errors, "materials", f"{where}重复")
        seen.add(name)
        if m.get("is_key") and m.get("deferrable"):
            _add(errors, "materials", f"{where}是关键材料，不得容缺受理")
        if m.get("requirement") == "conditional" and not str(m.get("condition") or "").strip():
            _add(errors, "materials", f"{where}为特定情形提交，须写明提交情形")
        if m.get("commitment_replaceable") and not data.get("commitment_allowed"):
            _add(errors, "materials", f"{where}标明可告知承诺替代，但本事项未开放告知承诺")
        if m.get("exempt_by_sharing") and m.get("deferrable"):
            _add(errors, "materials", f"{where}已免提交，无需容缺")
    return errors
