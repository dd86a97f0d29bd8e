"""Grants: the 免申即享 round (proposal → review with exclusion reasons → a second person confirms → grants,
notices, the published list), 即申即享 on one screen, grants recorded after an application (申请兑现), revocation,
and objections answered within a working-day limit."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.enterprises import access as ent_access
from yiwang.enterprises.models import Enterprise
from yiwang.org.models import StaffRole

from .. import access, conf
from ..domain import benefits as bd
from ..domain import rules
from ..models import Grant, GrantRound, Mode, Objection, Policy, RoundEntry
from ._common import audit, check_version, notify_enterprise, require, today as _today
from .matching import context, eligible, tree_of


def amount_for(policy: Policy, facts: rules.Facts) -> Decimal | None:
    amounts = [bd.compute(b.amount_rule, facts) for b in policy.benefits.all()]
    amounts = [a for a in amounts if a is not None]
    return sum(amounts, Decimal("0")) if amounts else None


def explanation(policy: Policy, facts: rules.Facts, vocab=None, today: date | None = None) -> rules.Explanation:
    return rules.explain(tree_of(policy), facts, context(policy, today), vocab)


def _money(v) -> str:
    return "" if v is None else f"{rules._fmt(Decimal(v).normalize())}万元"


def _require_department(actor, policy: Policy, what: str):
    require(access.works_for(actor, policy), f"只有责任部门（{policy.lead_department.name}）的人员可以{what}")


def _lock_round(r: GrantRound, expected_version=None) -> GrantRound:
    r = GrantRound.objects.select_for_update(of=("self",)).select_related("policy__lead_department").get(pk=r.pk)
    check_version(r, expected_version)
    return r


def _grant(policy, enterprise, *, actor, mode, amount, rule_version, explanation_, round_=None, reference=""):
    if Grant.objects.filter(policy=policy, enterprise=enterprise, status=Grant.Status.GRANTED).exists():
        raise Conflict(f"{enterprise.name}已享受该政策", field="enterprise")
    g = Grant.objects.create(policy=policy, enterprise=enterprise, mode=mode, round=round_, amount=amount,
                             rule_version=rule_version, explanation=explanation_, reference=reference[:100],
                             granted_by=actor if getattr(actor, "pk", None) else None, granted_at=timezone.now())
    audit(actor=actor, action="policies.grant", target=g,
          after={"policy": policy.number, "enterprise": enterprise.uscc, "amount": str(amount or ""), "mode": mode})
    return g


def _granted_notice(g: Grant):
    p = g.policy
    money = f"{_money(g.amount)}，" if g.amount is not None else ""
    tail = "无需申请。" if g.mode == Mode.AUTO else ""
    notify_enterprise(g.enterprise, event="policies.granted", subject=f"您已获得《{p.title}》",
                      body=f"您已获得《{p.title}》（{p.number}）{'，' + money.rstrip('，') if money else ''}，{tail}"
                           f"如有疑问可在企业专属网页提出异议。".replace("，，", "，"), ref=p.number[:100])


# ---- 免申即享 rounds -------------------------------------------------------------------------------------------------
def _next_number(day: date) -> str:
    prefix = f"MS{day:%Y%m%d}"
    n = GrantRound.objects.filter(number__startswith=prefix).count() + 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def propose_round(policy: Policy, *, actor, title: str = "", today: date | None = None) -> GrantRound:
    """The eligible list (every enterprise the rule selects that has not had the grant), each with its
    explanation and computed amount, for the department to review."""
    from ..facts import facts_for_many, vocabulary

    p = Policy.objects.select_for_update().select_related("lead_department").get(pk=policy.pk)
    _require_department(actor, p, "提出免申即享名单")
    if p.mode != Mode.AUTO:
        raise Conflict("只有免申即享的政策按批次发放", field="mode")
    if not p.is_published:
        raise Conflict("政策发布后才能提出发放名单", field="status")
    if GrantRound.objects.filter(policy=p, status__in=[GrantRound.Status.PROPOSED, GrantRound.Status.SUBMITTED]).exists():
        raise Conflict("该政策已有一个未完成的批次，请先完成或取消", field="round")
    day = _today(today)
    r = GrantRound.objects.create(policy=p, number=_next_number(day), status=GrantRound.Status.PROPOSED,
                                  title=title.strip() or f"《{p.title}》{day:%Y年%m月}免申即享名单",
                                  rule_version=p.rule_version, proposed_by=actor, proposed_at=timezone.now())
    vocab = vocabulary(check=False)
    ids = list(eligible(p, today=day).exclude(policy_grants__policy=p, policy_grants__status=Grant.Status.GRANTED)
               .values_list("pk", flat=True))
    benefits = list(p.benefits.all())
    entries = []
    for start in range(0, len(ids), 2000):
        chunk = Enterprise.objects.filter(pk__in=ids[start:start + 2000])
        for eid, facts in facts_for_many(chunk, day).items():
            ex = rules.explain(tree_of(p), facts, context(p, day), vocab)
            amounts = [a for a in (bd.compute(b.amount_rule, facts) for b in benefits) if a is not None]
            entries.append(RoundEntry(round=r, enterprise_id=eid, explanation=ex.as_dict(),
                                      amount=sum(amounts, Decimal("0")) if amounts else None))
    RoundEntry.objects.bulk_create(entries, batch_size=2000)
    audit(actor=actor, action="policies.round.propose", target=r,
          after={"policy": p.number, "entries": len(entries), "rule_version": p.rule_version})
    return r


@transaction.atomic
def exclude_entry(entry: RoundEntry, *, actor, reason: str) -> RoundEntry:
    r = _lock_round(entry.round)
    _require_department(actor, r.policy, "审核免申即享名单")
    if r.status != GrantRound.Status.PROPOSED:
        raise Conflict("名单已提交确认，不能再调整", field="status")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("剔除企业必须说明理由", field="reason")
    e = RoundEntry.objects.select_for_update().get(pk=entry.pk)
    e.excluded, e.exclusion_reason, e.excluded_by = True, reason[:300], actor
    e.save()
    r.version += 1
    r.save(update_fields=["version"])
    audit(actor=actor, action="policies.round.exclude", target=r,
          after={"enterprise": e.enterprise.uscc, "reason": reason})
    return e


@transaction.atomic
def include_entry(entry: RoundEntry, *, actor) -> RoundEntry:
    r = _lock_round(entry.round)
    _require_department(actor, r.policy, "审核免申即享名单")
    if r.status != GrantRound.Status.PROPOSED:
        raise Conflict("名单已提交确认，不能再调整", field="status")
    e = RoundEntry.objects.select_for_update().get(pk=entry.pk)
    e.excluded, e.exclusion_reason, e.excluded_by = False, "", None
    e.save()
    r.version += 1
    r.save(update_fields=["version"])
    audit(actor=actor, action="policies.round.include", target=r, after={"enterprise": e.enterprise.uscc})
    return e


@transaction.atomic
def submit_round(r: GrantRound, *, actor, expected_version=None) -> GrantRound:
    """The department's review is done: the list goes to a second person for confirmation."""
    r = _lock_round(r, expected_version)
    _require_department(actor, r.policy, "审核免申即享名单")
    if r.status != GrantRound.Status.PROPOSED:
        raise Conflict("名单不在待审核状态", field="status")
    if not r.entries.filter(excluded=False).exists():
        raise DomainError("名单中没有待发放的企业", field="entries")
    r.status, r.submitted_by, r.submitted_at = GrantRound.Status.SUBMITTED, actor, timezone.now()
    r.version += 1
    r.save()
    audit(actor=actor, action="policies.round.submit", target=r, before={"status": "proposed"},
          after={"status": r.status, "granted": r.entries.filter(excluded=False).count(),
                 "excluded": r.entries.filter(excluded=True).count()})
    confirmers = StaffRole.objects.filter(department=r.policy.lead_department, role__in=access.ROUND_ROLES) \
        .exclude(user__in=[r.proposed_by_id, actor.pk]).values_list("user", flat=True)
    from yiwang.notify.services import enqueue
    from yiwang.org.models import User

    for u in User.objects.filter(pk__in=list(confirmers)):
        enqueue(event="policies.round.submitted", subject=f"免申即享名单待确认：{r.title}",
                body=f"{r.title}已审核，请确认发放。", user=u, link=f"/policies/rounds/{r.pk}/", ref=r.number)
    return r


@transaction.atomic
def confirm_round(r: GrantRound, *, actor, expected_version=None) -> GrantRound:
    """A second person of the department confirms: grants recorded, enterprises told, the list published."""
    r = _lock_round(r, expected_version)
    _require_department(actor, r.policy, "确认免申即享名单")
    if r.status != GrantRound.Status.SUBMITTED:
        raise Conflict("名单尚未提交确认，或已处理", field="status")
    if actor.pk in (r.proposed_by_id, r.submitted_by_id):
        raise DomainError("不能确认本人提出或审核的名单：须由本部门另一人确认", field="confirmed_by",
                          code="four_eyes")
    p = Policy.objects.select_for_update().get(pk=r.policy_id)
    if p.rule_version != r.rule_version:
        raise Conflict("提出名单后资格条件已修改，请取消本批次后重新生成名单", field="rule_version")
    if not p.is_published:
        raise Conflict("政策已不在发布状态，不能发放", field="status")
    now = timezone.now()
    grants = []
    for e in r.entries.filter(excluded=False).select_related("enterprise__applicant"):
        if Grant.objects.filter(policy=p, enterprise=e.enterprise, status=Grant.Status.GRANTED).exists():
            continue
        grants.append(_grant(p, e.enterprise, actor=actor, mode=Mode.AUTO, amount=e.amount,
                             rule_version=r.rule_version, explanation_=e.explanation, round_=r, reference=r.number))
    r.status, r.confirmed_by, r.confirmed_at = GrantRound.Status.CONFIRMED, actor, now
    r.published_at = now if p.publishes_grant_list else None
    r.version += 1
    r.save()
    audit(actor=actor, action="policies.round.confirm", target=r, before={"status": "submitted"},
          after={"status": r.status, "grants": len(grants), "published": bool(r.published_at)})
    for g in grants:
        _granted_notice(g)
    return r


@transaction.atomic
def cancel_round(r: GrantRound, *, actor, reason: str) -> GrantRound:
    r = _lock_round(r)
    _require_department(actor, r.policy, "取消免申即享批次")
    if r.status not in (GrantRound.Status.PROPOSED, GrantRound.Status.SUBMITTED):
        raise Conflict("已确认的批次不能取消（可逐项撤销）", field="status")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("取消批次必须说明理由", field="reason")
    before = r.status
    r.status = GrantRound.Status.CANCELLED
    r.version += 1
    r.save()
    audit(actor=actor, action="policies.round.cancel", target=r, before={"status": before},
          after={"status": r.status, "reason": reason})
    return r


# ---- 即申即享 and 申请兑现 -----------------------------------------------------------------------------------------------
@transaction.atomic
def instant_apply(policy: Policy, enterprise: Enterprise, *, actor, today: date | None = None) -> Grant:
    """The agent confirms on one screen, prefilled from the registry; granted on the spot when the rule holds."""
    from ..facts import facts_for, vocabulary

    p = Policy.objects.select_for_update().get(pk=policy.pk)
    require(ent_access.is_agent(actor, enterprise), "只有本企业的经办人可以确认享受")
    if p.mode != Mode.INSTANT:
        raise Conflict("该政策不是即申即享政策", field="mode")
    if not p.is_published:
        raise Conflict("该政策未在发布状态", field="status")
    day = _today(today)
    facts = facts_for(enterprise, day)
    ex = rules.explain(tree_of(p), facts, context(p, day), vocabulary(check=False))
    if ex.verdict is not True:
        detail = "；".join(ex.missing) if ex.missing else "不符合资格条件"
        raise DomainError(f"暂不符合条件：{detail}", field="eligibility", extra={"missing": ex.missing})
    g = _grant(p, enterprise, actor=actor, mode=Mode.INSTANT, amount=amount_for(p, facts),
               rule_version=p.rule_version, explanation_=ex.as_dict())
    _granted_notice(g)
    return g


@transaction.atomic
def record_grant(policy: Policy, enterprise: Enterprise, *, actor, amount=None, reference: str = "") -> Grant:
    """申请兑现: the department records the grant its decision on the application made (the case number kept)."""
    from ..facts import facts_for, vocabulary

    _require_department(actor, policy, "登记政策兑现")
    if policy.mode != Mode.APPLY:
        raise Conflict("只有申请兑现的政策在此登记", field="mode")
    reference = " ".join(str(reference or "").split())
    if not reference:
        raise DomainError("请填写办件编号或兑现依据", field="reference")
    if amount not in (None, ""):
        try:
            amount = Decimal(str(amount))
        except Exception:
            raise DomainError("金额不是有效的数字", field="amount") from None
        if amount < 0:
            raise DomainError("金额不能为负数", field="amount")
    else:
        amount = None
    facts = facts_for(enterprise)
    ex = rules.explain(tree_of(policy), facts, context(policy), vocabulary(check=False))
    g = _grant(policy, enterprise, actor=actor, mode=Mode.APPLY, amount=amount, rule_version=policy.rule_version,
               explanation_=ex.as_dict(), reference=reference)
    _granted_notice(g)
    return g


@transaction.atomic
def revoke_grant(grant: Grant, *, actor, reason: str) -> Grant:
    g = Grant.objects.select_for_update(of=("self",)).select_related("policy__lead_department", "enterprise").get(
        pk=grant.pk)
    _require_department(actor, g.policy, "撤销政策享受")
    if g.status != Grant.Status.GRANTED:
        raise Conflict("该记录已撤销", field="status")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise DomainError("撤销必须说明理由", field="reason")
    g.status, g.revoked_reason, g.revoked_by, g.revoked_at = Grant.Status.REVOKED, reason[:300], actor, timezone.now()
    g.save()
    audit(actor=actor, action="policies.grant.revoke", target=g, before={"status": "granted"},
          after={"status": g.status, "reason": reason, "enterprise": g.enterprise.uscc})
    notify_enterprise(g.enterprise, event="policies.revoked", subject=f"《{g.policy.title}》享受资格已撤销",
                      body=f"经核查，贵企业享受的《{g.policy.title}》（{g.policy.number}）已撤销。理由：{reason}",
                      ref=g.policy.number[:100])
    return g


# ---- objections ----------------------------------------------------------------------------------------------------
@transaction.atomic
def raise_objection(policy: Policy, enterprise: Enterprise, *, actor, text: str,
                    today: date | None = None) -> Objection:
    from yiwang.workdays.services import get_calendar

    require(ent_access.is_agent(actor, enterprise), "只有本企业的经办人可以提出异议")
    if policy.status == Policy.Status.DRAFT:
        raise Conflict("政策尚未发布", field="policy")
    text = str(text or "").strip()
    if len(text) < 5:
        raise DomainError("请写明异议的事实和理由（至少5个字）", field="text")
    if Objection.objects.filter(policy=policy, enterprise=enterprise, status=Objection.Status.OPEN).exists():
        raise Conflict("该政策已有一项待答复的异议", field="text")
    day = _today(today)
    o = Objection.objects.create(policy=policy, enterprise=enterprise, raised_by=actor, text=text[:2000],
                                 raised_on=day, due_on=get_calendar().add_working_days(day, conf.objection_days()))
    audit(actor=actor, action="policies.objection.raise", target=o,
          after={"policy": policy.number, "enterprise": enterprise.uscc, "due_on": o.due_on})
    from yiwang.notify.services import enqueue
    from yiwang.org.models import User

    for u in User.objects.filter(staff_roles__department=policy.lead_department,
                                 staff_roles__role__in=access.ROUND_ROLES).distinct():
        enqueue(event="policies.objection", subject=f"政策异议待答复：{enterprise.name}",
                body=f"{enterprise.name}对《{policy.title}》提出异议，请于{o.due_on:%Y年%m月%d日}前答复。", user=u,
                link=f"/policies/objections/{o.pk}/", ref=policy.number[:100])
    return o


@transaction.atomic
def answer_objection(objection: Objection, *, actor, answer: str, upheld: bool,
                     today: date | None = None) -> Objection:
    """Answer within the limit; an upheld objection to a 免申即享 or 即申即享 policy grants the benefit."""
    from ..facts import facts_for, vocabulary

    o = Objection.objects.select_for_update(of=("self",)).select_related("policy", "enterprise").get(pk=objection.pk)
    _require_department(actor, o.policy, "答复政策异议")
    if o.status != Objection.Status.OPEN:
        raise Conflict("该异议已答复", field="status")
    answer = str(answer or "").strip()
    if not answer:
        raise DomainError("请填写答复意见", field="answer")
    o.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    o.answer, o.answered_by, o.answered_on = answer[:2000], actor, _today(today)
    if upheld and o.policy.mode != Mode.APPLY and not Grant.objects.filter(
            policy=o.policy, enterprise=o.enterprise, status=Grant.Status.GRANTED).exists():
        facts = facts_for(o.enterprise)
        ex = explanation(o.policy, facts, vocabulary(check=False))
        o.grant = _grant(o.policy, o.enterprise, actor=actor, mode=o.policy.mode, amount=amount_for(o.policy, facts),
                         rule_version=o.policy.rule_version, explanation_=ex.as_dict(), reference=f"异议{o.pk}")
        _granted_notice(o.grant)
    o.save()
    audit(actor=actor, action="policies.objection.answer", target=o, before={"status": "open"},
          after={"status": o.status, "on_time": o.answered_on <= o.due_on, "grant": o.grant_id})
    notify_enterprise(o.enterprise, event="policies.objection.answered", subject=f"异议答复：《{o.policy.title}》",
                      body=f"您对《{o.policy.title}》提出的异议已答复（{o.get_status_display()}）：{answer}",
                      ref=o.policy.number[:100])
    return o
