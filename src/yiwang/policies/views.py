"""Policy pages: the public list (政策清单) with search, filters and Excel export, each policy's page, the editor with
the rule builder and its live count, grant rounds for the department, 即申即享 confirmation, objections, figures.
Thin: they call services and queries."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.api.errors import DomainError
from yiwang.enterprises import access as ent_access
from yiwang.enterprises.models import Enterprise, Tag
from yiwang.enterprises.paging import Page
from yiwang.org.models import Department, Park, Region
from yiwang.org.scoping import scope_of

from . import access, builder, excel, queries, services
from .domain import benefits as bd
from .domain import rules
from .models import Grant, GrantRound, Mode, Objection, Policy, RoundEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    g = request.GET
    return {k: g.get(k, "") for k in ("q", "department", "theme", "mode", "status")}


def _list_qs(request):
    return queries.public_policies(**_filters(request), staff=access.is_policy_staff(request.user))


def index(request):
    return render(request, "policies/index.html", {
        "page": Page.of(_list_qs(request), request.GET.get("page")), "f": _filters(request),
        "departments": Department.objects.filter(led_policies__isnull=False).distinct(),
        "modes": Mode.choices, "statuses": Policy.Status.choices, "staff": access.is_policy_staff(request.user),
        "querystring": "&".join(f"{k}={v}" for k, v in _filters(request).items() if v),
    })


def export(request):
    resp = HttpResponse(excel.export_workbook(_list_qs(request)), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="policies-{timezone.localdate():%Y%m%d}.xlsx"'
    return resp


def _policy(request, pk) -> Policy:
    qs = Policy.objects.all() if access.is_policy_staff(request.user) or access.round_departments(request.user) \
        else Policy.objects.filter(status__in=queries.PUBLIC_STATUSES)
    return get_object_or_404(qs.select_related("lead_department", "catalog_item"), pk=pk)


def _own_enterprises(user) -> list[Enterprise]:
    if not user.is_authenticated:
        return []
    ids = scope_of(user).applicant_ids
    return list(Enterprise.objects.filter(applicant_id__in=ids)) if ids else []


def detail(request, pk: int):
    p = _policy(request, pk)
    mine = []
    if p.rule and p.is_published:
        from .facts import facts_for, vocabulary
        from .services.matching import context, tree_of

        vocab = vocabulary(check=False)
        for e in _own_enterprises(request.user):
            ex = rules.explain(tree_of(p), facts_for(e), context(p), vocab)
            mine.append({"enterprise": e, "explanation": ex,
                         "grant": Grant.objects.filter(policy=p, enterprise=e, status=Grant.Status.GRANTED).first()})
    staff = access.is_policy_staff(request.user)
    dept = access.works_for(request.user, p)
    return render(request, "policies/detail.html", {
        "p": p, "benefits": p.benefits.all(), "mine": mine, "staff": staff, "dept": dept,
        "rounds": (p.rounds.all() if dept or staff else queries.published_rounds(p)),
        "attachments": p.attachments.all(), "versions": p.rule_versions.all()[:10] if staff else [],
        "clock_due": queries.add_months(p.issued_on, 1),
    })


# ---- editor --------------------------------------------------------------------------------------------------------
def _require_staff(request):
    if not access.is_policy_staff(request.user):
        raise PermissionDenied


BENEFIT_ROWS = 3


def _benefit_rows(post) -> list[dict]:
    out = []
    for i in range(int(post.get("benefit_rows") or BENEFIT_ROWS)):
        row = {k: post.get(f"b{i}-{k}", "") for k in ("kind", "description", "amount_type", "amount", "figure",
                                                       "rate", "cap")}
        if row["description"].strip() or row["kind"]:
            out.append(row)
    return out


@login_required
def edit(request, pk: int | None = None):
    _require_staff(request)
    p = get_object_or_404(Policy, pk=pk) if pk else None
    errors, form = {}, {}
    if request.method == "POST":
        post = request.POST
        fields = {k: post.get(k, "") for k in ("number", "title", "summary", "body", "lead_department", "mode",
                                                "catalog_item", "issued_on", "effective_from", "effective_to",
                                                "themes")}
        fields["publishes_grant_list"] = bool(post.get("publishes_grant_list"))
        deps = Department.objects.filter(pk__in=[d for d in post.getlist("departments") if d.isdigit()])
        try:
            from django.db import transaction

            with transaction.atomic():
                if p is None:
                    p = services.create_policy(actor=request.user, departments=deps, **fields)
                else:
                    p = services.update_policy(p, actor=request.user, expected_version=post.get("version"),
                                               departments=deps, **fields)
                rows = _benefit_rows(post)
                if rows:
                    services.set_benefits(p, actor=request.user, benefits=rows)
        except DomainError as exc:
            errors[exc.field or "form"] = exc.message
            form = post
            p = Policy.objects.filter(pk=pk).first() if pk else None
        else:
            messages.success(request, "政策已保存。")
            return redirect("policies:rule", pk=p.pk) if not p.rule else redirect("policies:detail", pk=p.pk)
    from yiwang.catalog.models import ServiceItem

    benefits = list(p.benefits.all()) if p else []
    return render(request, "policies/edit.html", {
        "p": p, "errors": errors, "form": form, "departments": Department.objects.filter(is_active=True),
        "modes": Mode.choices, "kinds": list(bd.KINDS.items()), "amount_types": list(bd.AMOUNT_TYPES.items()),
        "benefit_rows": benefits + [None] * max(BENEFIT_ROWS - len(benefits), 1),
        "figures": [(f"figures.{y}.{k}", f"{y}年{v[0]}") for y in (timezone.localdate().year - 1,
                                                                  timezone.localdate().year - 2)
                    for k, v in rules.FIGURE_FIELDS.items() if k != "headcount"],
        "items": ServiceItem.objects.order_by("name")[:500],
    }, status=400 if errors else 200)


def _builder_context(p: Policy, top: str, rows: list, extra: int = 2) -> dict:
    rows = rows + [builder.Row() for _ in range(extra)]
    values = [("所在园区", [(f"park:{c}", n) for c, n in Park.objects.values_list("code", "name")]),
              ("所在区划", [(f"region:{c}", n) for c, n in Region.objects.order_by("code").values_list("code", "name")]),
              ("企业规模", [(f"scale:{k}", v) for k, v in rules.SCALE_LABELS.items()]),
              ("市场主体类型", [(f"entity_type:{k}", v) for k, v in Enterprise.EntityType.choices]),
              ("登记状态", [(f"status:{k}", v) for k, v in Enterprise.Status.choices]),
              ("企业标签", [(f"tag:{c}", n) for c, n in Tag.objects.filter(is_active=True).values_list("code", "name")]),
              ("信用等级", [(f"grade:{g}", f"{g}级") for g in rules.GRADE_ORDER]),
              ("政策", [("policy:self", "本政策")] + [(f"policy:{i}", t) for i, t in
                                                     Policy.objects.exclude(pk=p.pk).values_list("id", "title")])]
    return {"p": p, "top": top, "rows": rows, "attrs": builder.ATTRS, "values": values,
            "figure_fields": builder.FIGURE_CHOICES, "row_count": len(rows)}


def _preview(p: Policy, post) -> dict:
    top, rows = builder.rows_from_post(post)
    try:
        rule = builder.to_jsonlogic(top, rows)
        from .facts import vocabulary

        tree = rules.parse(rule, vocabulary())
    except rules.RuleError as exc:
        return {"error": exc.message, "top": top, "rows": rows}
    from . import rulesql

    count = Enterprise.objects.filter(rulesql.to_q(tree, rules.Context(timezone.localdate(), p.pk))).count()
    from .facts import vocabulary

    return {"rule": rule, "text": rules.render(tree, vocabulary(check=False)), "count": count, "top": top,
            "rows": rows}


@login_required
def rule(request, pk: int):
    _require_staff(request)
    p = get_object_or_404(Policy, pk=pk)
    if request.method == "POST":
        pv = _preview(p, request.POST)
        if request.POST.get("action") == "save" and "rule" in pv:
            try:
                services.set_rule(p, actor=request.user, rule=pv["rule"], expected_version=request.POST.get("version"))
            except DomainError as exc:
                pv["error"] = exc.message
            else:
                messages.success(request, f"资格条件已保存（第{Policy.objects.get(pk=p.pk).rule_version}版）。")
                return redirect("policies:detail", pk=p.pk)
        ctx = _builder_context(p, pv["top"], pv["rows"], extra=3 if request.POST.get("action") == "more" else 0)
        return render(request, "policies/rule.html", {**ctx, "pv": pv}, status=400 if "error" in pv else 200)
    top, rows, fits = builder.rows_of(p.rule)
    return render(request, "policies/rule.html", {**_builder_context(p, top, rows, extra=2 if rows else 3),
                                                  "fits": fits, "pv": None})


@login_required
@require_POST
def rule_preview(request, pk: int):
    _require_staff(request)
    p = get_object_or_404(Policy, pk=pk)
    return render(request, "policies/_preview.html", {"pv": _preview(p, request.POST)})


def _act(request, fn, ok: str, back):
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(back)


@login_required
@require_POST
def publish(request, pk: int):
    _require_staff(request)
    p = get_object_or_404(Policy, pk=pk)
    return _act(request, lambda: services.publish(p, actor=request.user, expected_version=request.POST.get("version")),
                "政策已发布，正在匹配企业并推送。", f"/policies/{p.pk}/")


@login_required
@require_POST
def withdraw(request, pk: int):
    _require_staff(request)
    p = get_object_or_404(Policy, pk=pk)
    return _act(request, lambda: services.withdraw(p, actor=request.user, reason=request.POST.get("reason"),
                                                   expected_version=request.POST.get("version")),
                "政策已撤回。", f"/policies/{p.pk}/")


# ---- rounds --------------------------------------------------------------------------------------------------------
@login_required
def rounds(request):
    deps = access.round_departments(request.user)
    if not deps and not access.is_policy_staff(request.user):
        raise PermissionDenied
    qs = GrantRound.objects.select_related("policy", "proposed_by").order_by("-proposed_at")
    if not access.is_policy_staff(request.user):
        qs = qs.filter(policy__lead_department_id__in=deps)
    auto = Policy.objects.filter(mode=Mode.AUTO, status=Policy.Status.PUBLISHED, lead_department_id__in=deps)
    objections = Objection.objects.filter(policy__lead_department_id__in=deps).select_related("policy", "enterprise")
    return render(request, "policies/rounds.html", {"rounds": qs[:100], "auto": auto,
                                                    "objections": objections[:100], "today": timezone.localdate()})


@login_required
@require_POST
def propose(request, pk: int):
    p = get_object_or_404(Policy, pk=pk)
    try:
        r = services.propose_round(p, actor=request.user, title=request.POST.get("title", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("policies:rounds")
    messages.success(request, f"已生成名单（{r.entries.count()}家企业），请逐一审核。")
    return redirect("policies:round", pk=r.pk)


def _round_for(request, pk) -> GrantRound:
    r = get_object_or_404(GrantRound.objects.select_related("policy__lead_department", "proposed_by",
                                                            "submitted_by", "confirmed_by"), pk=pk)
    if not (access.works_for(request.user, r.policy) or access.is_policy_staff(request.user)):
        raise PermissionDenied
    return r


@login_required
def round_detail(request, pk: int):
    r = _round_for(request, pk)
    entries = r.entries.select_related("enterprise", "excluded_by").order_by("excluded", "enterprise__name")
    return render(request, "policies/round.html", {
        "r": r, "page": Page.of(entries, request.GET.get("page")), "counts": queries.round_counts(r),
        "dept": access.works_for(request.user, r.policy),
        "may_confirm": request.user.pk not in (r.proposed_by_id, r.submitted_by_id),
    })


@login_required
@require_POST
def round_act(request, pk: int, action: str):
    r = _round_for(request, pk)
    post = request.POST
    fns = {
        "submit": (lambda: services.submit_round(r, actor=request.user, expected_version=post.get("version")),
                   "名单已提交，待本部门另一人确认。"),
        "confirm": (lambda: services.confirm_round(r, actor=request.user, expected_version=post.get("version")),
                    "已确认发放：企业已收到通知，名单已公示。"),
        "cancel": (lambda: services.cancel_round(r, actor=request.user, reason=post.get("reason")), "批次已取消。"),
    }
    if action not in fns:
        raise PermissionDenied
    fn, ok = fns[action]
    return _act(request, fn, ok, f"/policies/rounds/{r.pk}/")


@login_required
@require_POST
def entry_act(request, pk: int, action: str):
    e = get_object_or_404(RoundEntry.objects.select_related("round__policy"), pk=pk)
    _round_for(request, e.round_id)
    if action == "exclude":
        fn = lambda: services.exclude_entry(e, actor=request.user, reason=request.POST.get("reason"))  # noqa: E731
    elif action == "include":
        fn = lambda: services.include_entry(e, actor=request.user)  # noqa: E731
    else:
        raise PermissionDenied
    return _act(request, fn, "已更新名单。", f"/policies/rounds/{e.round_id}/")


def round_public(request, pk: int):
    """The published list of a confirmed round (公示名单)."""
    r = get_object_or_404(GrantRound.objects.select_related("policy"), pk=pk, status=GrantRound.Status.CONFIRMED,
                          published_at__isnull=False)
    grants = r.grants.filter(status=Grant.Status.GRANTED).select_related("enterprise").order_by("enterprise__name")
    return render(request, "policies/round_public.html", {"r": r, "grants": grants})


# ---- enterprise side -----------------------------------------------------------------------------------------------
def _agent_enterprise(request, enterprise_id) -> Enterprise:
    e = get_object_or_404(Enterprise, pk=enterprise_id)
    if not ent_access.is_agent(request.user, e):
        raise PermissionDenied
    return e


@login_required
def instant(request, pk: int, enterprise_id: int):
    """即申即享: one screen, prefilled from the registry; confirm and it is granted when the rule holds."""
    p = get_object_or_404(Policy, pk=pk, mode=Mode.INSTANT, status=Policy.Status.PUBLISHED)
    e = _agent_enterprise(request, enterprise_id)
    if request.method == "POST":
        try:
            g = services.instant_apply(p, e, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已享受《{p.title}》" + (f"，金额{g.amount}万元" if g.amount else "") + "。")
            return redirect(f"/enterprises/{e.pk}/#panel-policies")
    from .facts import facts_for, vocabulary
    from .services.matching import context, tree_of

    ex = rules.explain(tree_of(p), facts_for(e), context(p), vocabulary(check=False))
    return render(request, "policies/instant.html", {"p": p, "e": e, "ex": ex, "benefits": p.benefits.all(),
                                                     "granted": Grant.objects.filter(policy=p, enterprise=e,
                                                                                     status="granted").first()})


@login_required
@require_POST
def object_(request, pk: int, enterprise_id: int):
    p = _policy(request, pk)
    e = _agent_enterprise(request, enterprise_id)
    try:
        o = services.raise_objection(p, e, actor=request.user, text=request.POST.get("text"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"异议已提交，责任部门将于{o.due_on:%Y年%m月%d日}前答复。")
    return redirect(f"/enterprises/{e.pk}/#panel-policies")


@login_required
def objection(request, pk: int):
    o = get_object_or_404(Objection.objects.select_related("policy__lead_department", "enterprise"), pk=pk)
    dept = access.works_for(request.user, o.policy)
    if not (dept or access.is_policy_staff(request.user)
            or ent_access.visible_enterprises(request.user).filter(pk=o.enterprise_id).exists()):
        raise PermissionDenied
    if request.method == "POST":
        return _act(request, lambda: services.answer_objection(o, actor=request.user, answer=request.POST.get("answer"),
                                                               upheld=request.POST.get("upheld") == "1"),
                    "已答复异议。", f"/policies/objections/{o.pk}/")
    from .facts import facts_for, vocabulary
    from .services.matching import context, tree_of

    ex = rules.explain(tree_of(o.policy), facts_for(o.enterprise), context(o.policy), vocabulary(check=False)) \
        if o.policy.rule else None
    return render(request, "policies/objection.html", {"o": o, "dept": dept, "ex": ex,
                                                       "today": timezone.localdate()})


@login_required
@require_POST
def revoke(request, pk: int):
    g = get_object_or_404(Grant.objects.select_related("policy"), pk=pk)
    return _act(request, lambda: services.revoke_grant(g, actor=request.user, reason=request.POST.get("reason")),
                "已撤销并通知企业。", f"/policies/{g.policy_id}/")


# ---- figures -------------------------------------------------------------------------------------------------------
def _day(s):
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


@login_required
def figures_view(request):
    if not access.sees_figures(request.user):
        raise PermissionDenied
    data = queries.figures(by=request.GET.get("by", "policy"), start=_day(request.GET.get("start")),
                           end=_day(request.GET.get("end")))
    return render(request, "policies/figures.html", {"data": data, "clock": queries.collection_clock(),
                                                     "dimensions": list(queries.DIMENSIONS.items()),
                                                     "start": request.GET.get("start", ""),
                                                     "end": request.GET.get("end", "")})
