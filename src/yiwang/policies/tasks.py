"""Background matching: a published policy or a rule change recomputes the policy's matches; a registry change
recomputes the enterprise's; nightly, expired policies are closed and every published policy is rematched (the
ages and tag validity move with the calendar)."""
from huey.contrib.djhuey import db_task

from yiwang.jobs.nightly import nightly


@db_task()
def recompute_policy_task(policy_id: int):
    from .services import recompute_policy

    return recompute_policy(policy_id)


@db_task()
def recompute_enterprise_task(enterprise_id: int):
    from .services import recompute_enterprise

    return recompute_enterprise(enterprise_id)


@nightly("policies.nightly", at="02:10", label="惠企政策：过期政策失效，已发布政策按当日重新匹配并推送")
def nightly_policies_task(day):
    from .models import Policy
    from .services import expire_due, recompute_policy

    expired = expire_due(today=day)
    matched = {p: recompute_policy(p, today=day) for p in
               Policy.objects.filter(status=Policy.Status.PUBLISHED).values_list("pk", flat=True)}
    return {"expired": expired, "policies": len(matched), "matches": sum(matched.values())}
