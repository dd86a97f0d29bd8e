"""Matching (one query per policy over the registry, stored with the rule version) and the targeted push (once per
enterprise per policy, through notify, respecting each person's channel preferences)."""
from __future__ import annotations

import json
from datetime import date

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from yiwang.enterprises.models import Enterprise

from .. import conf, rulesql
from ..domain import rules
from ..models import Match, Mode, Policy, Push
from ._common import enterprise_users, today as _today

PUSH_TEXT = {
    Mode.AUTO: "根据企业档案，贵企业符合《{title}》（{number}）的条件。该政策实行免申即享，无需申请，确认发放后将另行通知。",
    Mode.INSTANT: "根据企业档案，贵企业符合《{title}》（{number}）的条件，可在企业专属网页一键确认享受（即申即享）。",
    Mode.APPLY: "根据企业档案，贵企业可能符合《{title}》（{number}）的条件，可在线申请兑现。",
}


def tree_of(policy: Policy):
    return rules.parse(policy.rule) if policy.rule else None


def context(policy: Policy, today: date | None = None) -> rules.Context:
    return rules.Context(today=_today(today), policy_id=policy.pk)


_PARSED: dict[str, object] = {}  # a rule's stored text -> its parsed tree (trees are values; parse is pure)
_PARSED_MAX = 5000


def published_trees() -> list[tuple[int, int, object]]:
    """(pk, rule_version, tree) of every published policy with a rule, in the list's order. Reads three columns
    (not the policies' texts) and parses each distinct rule text once per process — what one enterprise's checks
    against every policy cost is then the evaluation alone."""
    rows = (Policy.objects.filter(status=Policy.Status.PUBLISHED, rule__isnull=False)
            .annotate(rule_json=Cast("rule", TextField())).values_list("pk", "rule_version", "rule_json"))
    out = []
    for pk, version, text in rows:
        tree = _PARSED.get(text)
        if tree is None:
            data = json.loads(text) if text else None
            if not data:
                continue
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            tree = _PARSED[text] = rules.parse(data)
        out.append((pk, version, tree))
    return out


def eligible(policy: Policy, qs=None, today: date | None = None):
    """The enterprises the policy's current rule selects (one query)."""
    qs = Enterprise.objects.all() if qs is None else qs
    tree = tree_of(policy)
    return qs.none() if tree is None else qs.filter(rulesql.to_q(tree, context(policy, today)))


def schedule_policy(policy: Policy) -> None:
    """Recompute after the commit: in the request when configured (tests, small districts), else through huey."""
    pk = policy.pk

    def run():
        if conf.sync_matching():
            recompute_policy(pk)
        else:
            from ..tasks import recompute_policy_task

            recompute_policy_task(pk)
    transaction.on_commit(run)


def _insert_matches(policy: Policy, selection, now) -> int:
    sql, params = selection.order_by().values_list("pk", flat=True).query.sql_with_params()
    qn = connection.ops.quote_name
    with connection.cursor() as c:
        c.execute(f"INSERT INTO {qn(Match._meta.db_table)} (enterprise_id, policy_id, rule_version, computed_at) "
                  f"SELECT sub.*, %s, %s, %s FROM ({sql}) sub",
                  [policy.pk, policy.rule_version, connection.ops.adapt_datetimefield_value(now), *params])
        return c.rowcount


def recompute_policy(policy_id: int, *, push: bool = True, today: date | None = None) -> int:
    """Replace the policy's matches by what its current rule selects; push the newly eligible. Returns the count."""
    from yiwang.audit.services import record

    now = timezone.now()
    with transaction.atomic():
        p = Policy.objects.select_for_update().get(pk=policy_id)
        Match.objects.filter(policy=p).delete()
        count = 0
        if p.is_published and p.rule:
            count = _insert_matches(p, eligible(p, today=today), now)
            if count < 0:  # a backend that does not report it
                count = Match.objects.filter(policy=p).count()
        Policy.objects.filter(pk=p.pk).update(matched_version=p.rule_version, matched_at=now, match_count=count)
        record(actor=None, action="policies.match", target=p,
               after={"rule_version": p.rule_version, "matches": count})
    if push and count:
        push_new(p)
    return count


def recompute_enterprise(enterprise_id: int, *, push: bool = True, today: date | None = None) -> dict:
    """One enterprise against every published policy (after its registry data changed): matches added and removed
    in Python, by the same rule core."""
    from ..facts import facts_for

    e = Enterprise.objects.filter(pk=enterprise_id).first()
    if e is None:
        return {"added": 0, "removed": 0}
    day = _today(today)
    facts = facts_for(e, day)
    now = timezone.now()
    added, gone = [], []
    with transaction.atomic():
        have = set(Match.objects.filter(enterprise=e).values_list("policy_id", flat=True))
        for pk, version, tree in published_trees():
            ok = rules.evaluate(tree, facts, rules.Context(today=day, policy_id=pk)) is True
            if ok and pk not in have:
                added.append(Match(policy_id=pk, enterprise=e, rule_version=version, computed_at=now))
            elif not ok and pk in have:
                gone.append(pk)
        removed = Match.objects.filter(enterprise=e, policy_id__in=gone).delete()[0] if gone else 0
        Match.objects.bulk_create(added)
    if push and added:
        for p in Policy.objects.filter(pk__in=[m.policy_id for m in added]):
            push_new(p, enterprise_ids=[e.pk])
    return {"added": len(added), "removed": removed}


def push_new(policy: Policy, enterprise_ids: list[int] | None = None) -> int:
    """Tell each matched enterprise not yet told about this policy (once per enterprise per policy)."""
    from yiwang.audit.services import record_many
    from yiwang.notify.services import enqueue

    qs = (Match.objects.filter(policy=policy).exclude(enterprise__policy_pushes__policy=policy)
          .filter(enterprise__applicant__isnull=False).select_related("enterprise__applicant__user"))
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=enterprise_ids)
    text = PUSH_TEXT[policy.mode].format(title=policy.title, number=policy.number)
    n = 0
    for m in qs.iterator(chunk_size=500):
        with transaction.atomic():
            e = m.enterprise
            users = enterprise_users(e)
            if not users or Push.objects.filter(policy=policy, enterprise=e).exists():
                continue
            ids = [enqueue(event="policies.push", subject=f"政策推送：《{policy.title}》", body=text, user=u,
                           link=f"/enterprises/{e.pk}/#panel-policies", ref=policy.number[:100]).pk for u in users]
            push = Push.objects.create(policy=policy, enterprise=e, rule_version=m.rule_version, messages=ids,
                                       recipients=len(ids), pushed_at=timezone.now())
            record_many([{"action": "policies.push", "target": push,
                          "after": {"policy": policy.pk, "enterprise": e.uscc, "recipients": len(ids)}}], actor=None)
            n += 1
    return n
