"""Policies: create, edit, the rule and the benefits, publish, withdraw, expire."""
from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.org.models import Department

from .. import access
from ..domain import benefits as bd
from ..domain import rules
from ..models import Attachment, Benefit, Mode, Policy, RuleVersion
from ._common import audit, check_version, require, today as _today

_NUMBER = re.compile(r"^\S{1,30}〔(19|20)\d{2}〕\d{1,4}号$")
_BRACKETS = str.maketrans({"[": "〔", "【": "〔", "(": "〔", "（": "〔", "]": "〕", "】": "〕", ")": "〕", "）": "〕"})
FIELDS = ["number", "title", "summary", "body", "lead_department", "themes", "mode", "catalog_item", "issued_on",
          "effective_from", "effective_to", "publishes_grant_list"]


def normalise_number(number: str) -> str:
    n = "".join(str(number or "").split()).translate(_BRACKETS)
    if not _NUMBER.match(n):
        raise DomainError("文号格式不正确，应如：嘉府发〔2021〕7号", field="number")
    return n


def _date(value, field, label):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"{label}不是有效的日期", field=field) from None


def _clean(fields: dict) -> dict:
    out = dict(fields)
    if "number" in out:
        out["number"] = normalise_number(out["number"])
    if "title" in out:
        out["title"] = " ".join(str(out["title"] or "").split())
        if not out["title"]:
            raise DomainError("请填写政策名称", field="title")
    if "mode" in out and out["mode"] not in Mode.values:
        raise DomainError("请选择兑现方式（申请兑现、即申即享或免申即享）", field="mode")
    if "lead_department" in out:
        dep = out["lead_department"]
        if not isinstance(dep, Department):
            dep = Department.objects.filter(pk=dep or 0).first()
        if dep is None:
            raise DomainError("请选择责任部门", field="lead_department")
        out["lead_department"] = dep
    for f, label in (("issued_on", "发文日期"), ("effective_from", "生效日期"), ("effective_to", "失效日期")):
        if f in out:
            out[f] = _date(out[f], f, label)
    if "issued_on" in out and out["issued_on"] is None:
        raise DomainError("请填写发文日期", field="issued_on")
    if "themes" in out:
        t = out["themes"]
        out["themes"] = [s for s in (re.split(r"[，,、\s]+", t) if isinstance(t, str) else list(t or [])) if s]
    if "catalog_item" in out and out["catalog_item"] not in (None, "") and not hasattr(out["catalog_item"], "pk"):
        from yiwang.catalog.models import ServiceItem

        item = ServiceItem.objects.filter(pk=out["catalog_item"]).first()
        if item is None:
            raise DomainError("未找到该办理事项", field="catalog_item")
        out["catalog_item"] = item
    if out.get("catalog_item") == "":
        out["catalog_item"] = None
    return out


def _check_dates(p: Policy):
    if p.effective_from and p.effective_to and p.effective_to < p.effective_from:
        raise DomainError("失效日期不能早于生效日期", field="effective_to")


@transaction.atomic
def create_policy(*, actor, departments=(), **fields) -> Policy:
    require(access.is_policy_staff(actor), "只有政策管理人员可以录入政策")
    data = _clean({k: v for k, v in fields.items() if k in FIELDS})
    for f in ("number", "title", "lead_department", "issued_on"):
        if f not in data:
            raise DomainError({"number": "请填写文号", "title": "请填写政策名称", "lead_department": "请选择责任部门",
                               "issued_on": "请填写发文日期"}[f], field=f)
    if Policy.objects.filter(number=data["number"], title=data["title"]).exists():
        raise Conflict("同一文号、同名的政策已录入", field="number")
    p = Policy(created_by=actor if getattr(actor, "pk", None) else None, **data)
    _check_dates(p)
    p.save()
    p.departments.set(list(departments) or [p.lead_department])
    audit(actor=actor, action="policies.create", target=p, after={"number": p.number, "title": p.title})
    return p


@transaction.atomic
def update_policy(policy: Policy, *, actor, expected_version=None, departments=None, **fields) -> Policy:
    require(access.is_policy_staff(actor), "只有政策管理人员可以修改政策")
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    check_version(p, expected_version)
    data = _clean({k: v for k, v in fields.items() if k in FIELDS})
    before = {k: str(getattr(p, k)) for k in data}
    if p.status != Policy.Status.DRAFT and "mode" in data and data["mode"] != p.mode:
        raise Conflict("已发布的政策不能改变兑现方式", field="mode")
    for k, v in data.items():
        setattr(p, k, v)
    _check_dates(p)
    p.version += 1
    p.save()
    if departments is not None:
        p.departments.set(list(departments) or [p.lead_department])
    audit(actor=actor, action="policies.update", target=p, before=before, after={k: str(v) for k, v in data.items()})
    return p


def parse_rule(rule) -> tuple:
    """The checked tree and its text, or a DomainError on the `rule` field (in Chinese)."""
    from ..facts import vocabulary

    if rule in (None, "", {}):
        raise DomainError("请设置资格条件", field="rule")
    vocab = vocabulary()
    try:
        tree = rules.parse(rule, vocab)
    except rules.RuleError as exc:
        raise DomainError(exc.message, field="rule", extra={"path": exc.path}) from None
    return tree, rules.render(tree, vocab)


@transaction.atomic
def set_rule(policy: Policy, *, actor, rule, expected_version=None) -> Policy:
    require(access.is_policy_staff(actor), "只有政策管理人员可以设置资格条件")
    tree, text = parse_rule(rule)
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    check_version(p, expected_version)
    stored = rules.dump(tree)
    if stored == p.rule:
        return p
    before = {"rule_version": p.rule_version, "rule": p.rule}
    p.rule, p.rule_text = stored, text
    p.rule_version += 1
    p.version += 1
    p.save()
    RuleVersion.objects.create(policy=p, number=p.rule_version, rule=stored, text=text,
                               created_by=actor if getattr(actor, "pk", None) else None)
    audit(actor=actor, action="policies.rule", target=p, before=before,
          after={"rule_version": p.rule_version, "rule": stored, "text": text})
    if p.is_published:
        from .matching import schedule_policy

        schedule_policy(p)
    return p


def clean_benefit(row: dict, i: int = 0) -> dict:
    kind = row.get("kind")
    if kind not in bd.KINDS:
        raise DomainError("请选择享受类型", field=f"benefits[{i}].kind")
    desc = " ".join(str(row.get("description") or "").split())
    if not desc:
        raise DomainError("请填写享受内容", field=f"benefits[{i}].description")
    try:
        r = bd.amount_rule(row.get("amount_type") or bd.PER_APPLICATION, amount=row.get("amount"),
                           figure=row.get("figure", ""), rate=row.get("rate"), cap=row.get("cap"))
    except rules.RuleError as exc:
        raise DomainError(exc.message, field=f"benefits[{i}].{exc.path or 'amount_type'}") from None
    return {"kind": kind, "description": desc[:300], "amount_type": r.type, "amount": r.amount,
            "figure": r.figure, "rate": r.rate, "cap": r.cap, "order": i}


@transaction.atomic
def set_benefits(policy: Policy, *, actor, benefits: list[dict], expected_version=None) -> Policy:
    require(access.is_policy_staff(actor), "只有政策管理人员可以设置享受内容")
    if not benefits:
        raise DomainError("请至少填写一项享受内容", field="benefits")
    rows = [clean_benefit(b, i) for i, b in enumerate(benefits)]
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    check_version(p, expected_version)
    before = [b.description for b in p.benefits.all()]
    p.benefits.all().delete()
    Benefit.objects.bulk_create([Benefit(policy=p, **r) for r in rows])
    p.version += 1
    p.save(update_fields=["version", "updated_at"])
    audit(actor=actor, action="policies.benefits", target=p, before={"benefits": before},
          after={"benefits": [r["description"] for r in rows]})
    return p


@transaction.atomic
def add_attachment(policy: Policy, *, actor, name: str, data: bytes) -> Attachment:
    from django.core.files.base import ContentFile

    from yiwang.demands.services import check_attachment

    require(access.is_policy_staff(actor), "只有政策管理人员可以上传附件")
    content_type = check_attachment(name, data)
    a = Attachment(policy=policy, name=name[:200], content_type=content_type)
    a.file.save(name, ContentFile(data), save=True)
    audit(actor=actor, action="policies.attachment", target=policy, after={"name": a.name})
    return a


@transaction.atomic
def publish(policy: Policy, *, actor, expected_version=None, today: date | None = None) -> Policy:
    """Publish on the platform (the collection clock stops today): the rule is matched and pushed through huey."""
    require(access.is_policy_staff(actor), "只有政策管理人员可以发布政策")
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    check_version(p, expected_version)
    day = _today(today)
    if p.status == Policy.Status.PUBLISHED:
        raise Conflict("政策已发布", field="status")
    if p.status == Policy.Status.WITHDRAWN:
        raise Conflict("已撤回的政策不能再发布，请重新录入", field="status")
    if not p.rule:
        raise DomainError("发布前请设置资格条件", field="rule")
    parse_rule(p.rule)  # a tag or park removed since the rule was written stops publication here
    if not p.benefits.exists():
        raise DomainError("发布前请填写享受内容", field="benefits")
    if p.mode == Mode.APPLY and not p.catalog_item_id:
        raise DomainError("申请兑现的政策须关联一个办理事项，企业据此在线申请", field="catalog_item")
    if p.effective_to and p.effective_to < day:
        raise DomainError("政策已过失效日期，不能发布", field="effective_to")
    before = {"status": p.status}
    p.status, p.status_reason = Policy.Status.PUBLISHED, ""
    p.published_on = p.published_on or day
    p.version += 1
    p.save()
    audit(actor=actor, action="policies.publish", target=p, before=before,
          after={"status": p.status, "published_on": p.published_on, "rule_version": p.rule_version})
    from .matching import schedule_policy

    schedule_policy(p)
    return p


@transaction.atomic
def withdraw(policy: Policy, *, actor, reason: str, expected_version=None) -> Policy:
    require(access.is_policy_staff(actor), "只有政策管理人员可以撤回政策")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("撤回政策必须说明理由", field="reason")
    p = Policy.objects.select_for_update().get(pk=policy.pk)
    check_version(p, expected_version)
    if p.status != Policy.Status.PUBLISHED:
        raise Conflict("只有已发布的政策可以撤回", field="status")
    p.status, p.status_reason = Policy.Status.WITHDRAWN, reason[:300]
    p.version += 1
    p.save()
    p.matches.all().delete()
    audit(actor=actor, action="policies.withdraw", target=p, before={"status": "published"},
          after={"status": p.status, "reason": reason})
    return p


def expire_due(today: date | None = None) -> int:
    """Published policies past their expiry date become expired (nightly); their matches are cleared."""
    day = _today(today)
    n = 0
    for p in Policy.objects.filter(status=Policy.Status.PUBLISHED, effective_to__lt=day):
        with transaction.atomic():
            Policy.objects.filter(pk=p.pk).update(status=Policy.Status.EXPIRED, version=p.version + 1,
                                                  match_count=0, updated_at=timezone.now())
            p.matches.all().delete()
            audit(actor=None, action="policies.expire", target=p, before={"status": "published"},
                  after={"status": "expired", "effective_to": p.effective_to})
            n += 1
    return n
