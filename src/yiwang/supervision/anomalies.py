"""Procedure anomalies (read only): what the services never allow, found after the fact from the case's approval
steps, events, materials, licences and audit trail, with the evidence. Each check takes the case and the rows
already loaded for it, and returns (summary, evidence) or None."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import QuerySet

from yiwang.audit.models import AuditEvent, target_type_of
from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import Case, CaseEvent, CaseMaterial, CaseStep
from yiwang.catalog.models import Material

from .models import AnomalyKind

DECISION_STATES = {lc.State.APPROVED, lc.State.DENIED, lc.State.DELIVERED, lc.State.REVOKED}
APPROVED_STATES = {lc.State.APPROVED, lc.State.DELIVERED, lc.State.REVOKED}
TAKING = {lc.Action.FORWARD.value, lc.Action.APPROVE.value, lc.Action.DENY.value, lc.Action.SEND_BACK.value}
SNAPSHOT_DATES = ("accepted_on", "decided_on", "delivered_on", "deadline")
CONCLUDED = {s.value for s in lc.CONCLUDED}
OPEN = {s.value for s in lc.OPEN}


@dataclass
class Found:
    case: Case
    kind: str
    summary: str
    evidence: dict
    responsible_id: int | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.case.pk, self.kind)


def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, date) else d


def _decided(case: Case) -> bool:
    return case.accepted_on is not None and case.decided_on is not None and lc.State(case.state) in DECISION_STATES


def missing_steps(case, steps, **_):
    if not _decided(case):
        return None
    required = list(lc.steps_of(case.tier))
    taken = {s["step"] for s in steps if s["action"] in TAKING - {lc.Action.SEND_BACK.value}}
    missing = [s for s in required if s not in taken]
    if not missing:
        return None
    return (f"{'、'.join(lc.STEP_LABELS.get(m, m) for m in missing)}环节无记录即作出决定",
            {"tier": case.tier, "required": required, "missing": missing, "decided_on": _iso(case.decided_on),
             "steps": [{"step": s["step"], "action": s["action"], "actor": s["actor_id"], "at": str(s["at"])}
                       for s in steps]})


def same_person(case, steps, **_):
    if len(lc.steps_of(case.tier)) < 2:
        return None
    by_actor: dict[int, set[str]] = {}
    for s in steps:
        if s["action"] in TAKING:
            by_actor.setdefault(s["actor_id"], set()).add(s["step"])
    if lc.has_acceptor(case.tier) and case.accepted_by_id:
        by_actor.setdefault(case.accepted_by_id, set()).add("acceptor")
    for actor, names in sorted(by_actor.items()):
        if len(names) > 1:
            return (f"同一人（用户{actor}）办理了{'、'.join(lc.STEP_LABELS.get(n, n) for n in sorted(names))}",
                    {"actor": actor, "steps": sorted(names),
                     "rows": [{"step": s["step"], "action": s["action"], "at": str(s["at"])} for s in steps
                              if s["actor_id"] == actor]})
    return None


def key_material_missing(case, materials, **_):
    if case.accepted_on is None or case.deemed_accepted:
        return None
    bad = [m for m in materials if m["material__is_key"] and m["material__requirement"] == Material.Requirement.REQUIRED
           and not m["material__exempt_by_sharing"]
           and (m["status"] in (CaseMaterial.Status.MISSING, CaseMaterial.Status.DEFECTIVE, CaseMaterial.Status.DEFERRED)
                or (m["supplied_on"] and m["supplied_on"] > case.accepted_on))]
    if not bad:
        return None
    return ("受理时关键材料缺失：" + "、".join(m["material__name"] for m in bad),
            {"accepted_on": _iso(case.accepted_on),
             "materials": [{"name": m["material__name"], "status": m["status"], "supplied_on": _iso(m["supplied_on"])}
                           for m in bad]})


def approved_with_deferred(case, materials, events, **_):
    approvals = [e for e in events if e["action"] == lc.Action.APPROVE.value]
    if not approvals and not (lc.State(case.state) in APPROVED_STATES and case.decided_on):
        return None
    decided = approvals[-1]["on"] if approvals else case.decided_on
    deferred_names = set()
    for e in events:
        if e["action"] in (lc.Action.ACCEPT.value, lc.Action.DEEM_ACCEPT.value):
            deferred_names |= set((e["data"] or {}).get("deferred") or [])
    bad = [m for m in materials if m["status"] == CaseMaterial.Status.DEFERRED
           or (m["material__name"] in deferred_names and m["supplied_on"] and m["supplied_on"] > decided)]
    if not bad:
        return None
    return ("容缺材料未补齐即准予许可：" + "、".join(m["material__name"] for m in bad),
            {"approved_on": _iso(decided), "deferral_due": _iso(case.deferral_due),
             "materials": [{"name": m["material__name"], "status": m["status"], "supplied_on": _iso(m["supplied_on"])}
                           for m in bad]})


def licence_before_decision(case, licences, events, **_):
    if not licences:
        return None
    approvals = [e["on"] for e in events if e["action"] == lc.Action.APPROVE.value]
    approved_on = approvals[-1] if approvals else (
        case.decided_on if lc.State(case.state) in APPROVED_STATES else None)
    bad = [x for x in licences if approved_on is None or x["issued_on"] < approved_on]
    if not bad:
        return None
    return ("准予许可决定前即发放证照：" + "、".join(x["number"] for x in bad),
            {"approved_on": _iso(approved_on), "state": case.state,
             "licences": [{"number": x["number"], "issued_on": _iso(x["issued_on"])} for x in bad]})


def altered_after_conclusion(case, trail, events, **_):
    """The audit trail shows the case concluded; afterwards it was reopened, or its dates differ from the dates the
    trail recorded at conclusion (an edit that bypassed the services leaves the row and the trail disagreeing)."""
    concluded_at = next((i for i, t in enumerate(trail) if (t["after"] or {}).get("state") in CONCLUDED), None)
    findings = []
    reopened = [e for e in events if e["from_state"] in CONCLUDED and e["to_state"] in OPEN]
    if reopened:
        findings.append({"what": "reopened_event", "events": [{"action": e["action"], "on": _iso(e["on"]),
                                                              "from": e["from_state"], "to": e["to_state"]}
                                                             for e in reopened]})
    if concluded_at is not None:
        at_conclusion = trail[concluded_at]["after"] or {}
        for t in trail[concluded_at + 1:]:
            b, a = t["before"] or {}, t["after"] or {}
            if b.get("state") in CONCLUDED and a.get("state") in OPEN:
                findings.append({"what": "reopened_trail", "seq": t["seq"], "action": t["action"]})
            changed = [f for f in ("accepted_on", "decided_on", "deadline") if f in a and a.get(f) != at_conclusion.get(f)]
            if changed:
                findings.append({"what": "dates_changed_in_trail", "seq": t["seq"], "fields": changed})
        last = trail[-1]["after"] or {}
        if case.state in OPEN:
            findings.append({"what": "reopened_row", "trail_state": last.get("state"), "row_state": case.state})
        diff = {f: {"trail": last.get(f), "row": _iso(getattr(case, f))} for f in SNAPSHOT_DATES
                if f in last and last.get(f) != _iso(getattr(case, f))}
        submitted = next((e["on"] for e in events if e["action"] == "submit"), None)
        if submitted and submitted != case.received_on:
            diff["received_on"] = {"trail": _iso(submitted), "row": _iso(case.received_on)}
        if diff:
            findings.append({"what": "dates_differ_from_trail", "fields": diff})
    if not findings:
        return None
    what = {f["what"] for f in findings}
    summary = "办结后被重新打开" if what & {"reopened_event", "reopened_trail", "reopened_row"} else "办结后日期被改动"
    if what & {"dates_changed_in_trail", "dates_differ_from_trail"} and summary == "办结后被重新打开":
        summary += "且日期被改动"
    return summary, {"findings": findings, "concluded_seq": trail[concluded_at]["seq"] if concluded_at is not None
                     else None}


CHECKS = {
    AnomalyKind.MISSING_STEPS: missing_steps,
    AnomalyKind.SAME_PERSON: same_person,
    AnomalyKind.KEY_MATERIAL_MISSING: key_material_missing,
    AnomalyKind.APPROVED_WITH_DEFERRED: approved_with_deferred,
    AnomalyKind.LICENCE_BEFORE_DECISION: licence_before_decision,
    AnomalyKind.ALTERED_AFTER_CONCLUSION: altered_after_conclusion,
}


def _licences_by_case(case_ids: list[int]) -> dict[int, list[dict]]:
    """Licences issued for these cases. Read lazily: licences sits on the same floor; its case link is `case_ref`
    (a case id) until a real foreign key `case` is added — both are understood."""
    if not apps.is_installed("yiwang.licences"):
        return {}
    try:
        Licence = apps.get_model("licences", "Licence")
    except LookupError:
        return {}
    names = {f.name for f in Licence._meta.get_fields()}
    col = "case_id" if "case" in names else "case_ref" if "case_ref" in names else None
    if col is None:
        return {}
    out: dict[int, list[dict]] = {}
    for row in Licence.objects.filter(**{f"{col}__in": case_ids}).values(col, "number", "issued_on"):
        out.setdefault(row[col], []).append(row)
    return out


def detect(qs: QuerySet[Case], chunk: int = 500) -> list[Found]:
    """Run every check on the cases in `qs` (in chunks; a few queries per chunk)."""
    out: list[Found] = []
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    ttype = target_type_of(Case())
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        cases = Case.objects.in_bulk(part)
        steps, materials, events, trail = {}, {}, {}, {}
        for s in CaseStep.objects.filter(case_id__in=part).order_by("at", "id").values(
                "case_id", "step", "action", "actor_id", "at"):
            steps.setdefault(s["case_id"], []).append(s)
        for m in CaseMaterial.objects.filter(case_id__in=part).values(
                "case_id", "status", "supplied_on", "material__name", "material__is_key", "material__requirement",
                "material__exempt_by_sharing"):
            materials.setdefault(m["case_id"], []).append(m)
        for e in CaseEvent.objects.filter(case_id__in=part).order_by("at", "id").values(
                "case_id", "action", "on", "from_state", "to_state", "data"):
            events.setdefault(e["case_id"], []).append(e)
        for t in AuditEvent.objects.filter(target_type=ttype, target_id__in=[str(p) for p in part]).order_by(
                "seq").values("target_id", "seq", "action", "before", "after"):
            trail.setdefault(int(t["target_id"]), []).append(t)
        licences = _licences_by_case(part)
        for pk in part:
            case = cases[pk]
            rows = dict(steps=steps.get(pk, []), materials=materials.get(pk, []), events=events.get(pk, []),
                        trail=trail.get(pk, []), licences=licences.get(pk, []))
            for kind, fn in CHECKS.items():
                hit = fn(case, **rows)
                if hit:
                    out.append(Found(case, kind.value, hit[0][:300], hit[1],
                                     case.decided_by_id or case.accepted_by_id))
    return out


def _licences_by_case_since(since) -> list[int]:
    """Case ids of licences issued since `since` (for the incremental scan)."""
    if not apps.is_installed("yiwang.licences"):
        return []
    try:
        Licence = apps.get_model("licences", "Licence")
    except LookupError:
        return []
    names = {f.name for f in Licence._meta.get_fields()}
    col = "case_id" if "case" in names else "case_ref" if "case_ref" in names else None
    if col is None or "issued_at" not in names:
        return []
    return [i for i in Licence.objects.filter(issued_at__gte=since).values_list(col, flat=True) if i]
