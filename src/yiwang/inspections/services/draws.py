"""Plans, tasks, the announcement (parameters and snapshot hash published before the draw), the witnessed draw,
the inspectors drawn per object, recusal, and the one notice and visit of an object."""
from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.org.models import Department

from .. import access, conf, queries
from ..domain import draw as core
from ..models import Assignment, Conflict as ConflictRow, Draw, Inspector, Item, ItemKind, Plan, Sampled, Task
from .common import Conflict, DomainError, audit, check_version, require_manager, text, today_or


# ---- plans and tasks -----------------------------------------------------------------------------------------------
def _next_number(model, prefix: str) -> str:
    n = model.objects.filter(number__startswith=prefix).count() + 1
    while model.objects.filter(number=f"{prefix}{n:03d}").exists():
        n += 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def create_plan(*, actor, department: Department, year: int, title: str, kind: str = Plan.Kind.ANNUAL,
                participants=()) -> Plan:
    require_manager(actor, department.pk, "抽查计划")
    if kind not in Plan.Kind.values:
        raise DomainError("计划类别应为年度计划或联合抽查计划", field="kind")
    participants = [d for d in participants if d.pk != department.pk]
    if kind == Plan.Kind.JOINT and not participants:
        raise DomainError("联合抽查计划须有至少一个参与部门", field="participants")
    if not isinstance(year, int) or not (2000 <= year <= 2100):
        raise DomainError("年度无效", field="year")
    plan = Plan.objects.create(number=_next_number(Plan, f"{department.code}-{year}-{'LH' if kind == 'joint' else 'ND'}-"),
                               kind=kind, year=year, title=text(title, "title", "计划名称"), department=department,
                               created_by=actor if getattr(actor, "pk", None) else None)
    plan.participants.set(participants)
    audit(actor=actor, action="inspections.plan.add", target=plan,
          after={"number": plan.number, "kind": kind, "participants": [d.code for d in participants]})
    return plan


def _check_ratios(ratios: dict, uses_classes: bool) -> dict[str, str]:
    out = {}
    defaults = conf.default_ratios()
    for c in core.CLASSES:
        value = ratios.get(c, defaults[c]) if ratios else defaults[c]
        try:
            p = core.ratio(value)
        except core.DrawError as exc:
            raise DomainError(str(exc), field=f"ratios.{c}") from None
        out[c] = str(value).strip()
        if uses_classes and c != "N":
            low, high = conf.bands()[c]
            if not (Fraction(low) / 100 <= p <= Fraction(high) / 100):
                raise DomainError(f"{core.CLASS_LABELS[c]}的抽查比例应在{low}%至{high}%之间（按信用风险分类抽查）",
                                  field=f"ratios.{c}")
    if not uses_classes:  # one ratio for everyone
        first = out["B"]
        out = {c: first for c in core.CLASSES}
    return out


def _check_scope(scope: dict) -> dict:
    scope = dict(scope or {})
    unknown = set(scope) - queries.SCOPE_KEYS
    if unknown:
        raise DomainError(f"对象范围含有无效条件：{'、'.join(sorted(map(str, unknown)))}", field="scope")
    for k, v in scope.items():
        if v and (not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v)):
            raise DomainError(f"对象范围“{queries.SCOPE_LABELS[k]}”应为字符串列表", field="scope")
    return {k: list(v) for k, v in scope.items() if v}


@transaction.atomic
def create_task(*, actor, plan: Plan, title: str, items, starts_on: dt.date, ends_on: dt.date, seed_sources,
                draw_at: dt.datetime, scope: dict | None = None, ratios: dict | None = None,
                uses_risk_classes: bool = True, public_info_check: bool = False,
                inspectors_per_object: int | None = None, corrects: Task | None = None,
                now: dt.datetime | None = None) -> Task:
    """A task of the plan. A corrected task is a new task naming the one it corrects (which becomes void)."""
    require_manager(actor, plan.department_id, "抽查任务")
    items = list(items or [])
    if not items:
        raise DomainError("抽查任务须至少包含一个抽查事项", field="items")
    allowed = {plan.department_id, *plan.participants.values_list("pk", flat=True)}
    foreign = [i for i in items if i.department_id not in allowed]
    if foreign:
        raise DomainError(f"事项“{foreign[0].name}”不属于本计划的部门", field="items")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise DomainError("检查期止不能早于检查期起", field="ends_on")
    sources = [str(s).strip()[:200] for s in (seed_sources or []) if str(s).strip()]
    if not sources:
        raise DomainError("请公布见证值来源（如见证人所报数字、某日体育彩票开奖号码）", field="seed_sources")
    if len(set(sources)) != len(sources):
        raise DomainError("见证值来源不能重复", field="seed_sources")
    now = now or timezone.now()
    if draw_at is None or draw_at <= now:
        raise DomainError("抽取时间须晚于现在（见证值须事先公布来源、届时录入）", field="draw_at")
    m = int(inspectors_per_object or conf.inspectors_per_object())
    if m < conf.inspectors_per_object():
        raise DomainError(f"每户执法人员不少于{conf.inspectors_per_object()}名", field="inspectors_per_object")
    if corrects is not None:
        corrects = Task.objects.select_for_update().get(pk=corrects.pk)
        if corrects.plan_id != plan.pk:
            raise DomainError("更正任务须属于同一计划", field="corrects")
        if corrects.status == Task.Status.VOID:
            raise Conflict("该任务已被更正", field="corrects")
    task = Task.objects.create(
        plan=plan, number=_next_number(Task, f"{plan.number}-T"), title=text(title, "title", "任务名称"),
        scope=_check_scope(scope), ratios=_check_ratios(ratios or {}, uses_risk_classes),
        uses_risk_classes=uses_risk_classes, public_info_check=public_info_check, inspectors_per_object=m,
        starts_on=starts_on, ends_on=ends_on, seed_sources=sources, draw_at=draw_at, corrects=corrects,
        created_by=actor if getattr(actor, "pk", None) else None)
    task.items.set(items)
    if corrects is not None:
        corrects.status = Task.Status.VOID
        corrects.version += 1
        corrects.save(update_fields=["status", "version"])
        audit(actor=actor, action="inspections.task.void", target=corrects, after={"corrected_by": task.number})
    audit(actor=actor, action="inspections.task.add", target=task,
          after={"number": task.number, "items": [i.code for i in items], "ratios": task.ratios})
    return task


def _pools(task: Task, departments) -> dict[int, list[str]]:
    return {d.pk: list(Inspector.objects.filter(department=d, active=True, available=True)
                       .values_list("cert_no", flat=True)) for d in departments}


@transaction.atomic
def announce_task(*, actor, task: Task, expected_version=None, today: dt.date | None = None) -> Task:
    """Freeze the ordered snapshot (scope, minus capped and recently inspected objects), publish its hash and the
    parameters. From here on the task cannot change; the draw may happen at the announced time."""
    task = Task.objects.select_for_update(of=("self",)).select_related("plan", "plan__department").get(pk=task.pk)
    require_manager(actor, task.plan.department_id, "抽查任务")
    check_version(task, expected_version, "抽查任务")
    if task.status != Task.Status.DRAFT:
        raise Conflict(f"任务当前状态为“{task.get_status_display()}”，不能再公告", field="status")
    today = today_or(today)
    departments = queries.task_departments(task)
    m = task.inspectors_per_object
    pools = _pools(task, departments)
    short = [d.name for d in departments if len(pools[d.pk]) < m + 1]
    if short:
        raise DomainError(f"{'、'.join(short)}可参加抽查的执法人员不足{m + 1}名（每户{m}名，另需回避替补）",
                          field="inspectors_per_object")
    rows, excluded = queries.eligible_rows(task.scope, year=task.starts_on.year, today=today)
    if not rows:
        raise DomainError("对象范围内没有可抽取的对象", field="scope")
    try:
        data = core.snapshot_bytes(rows)
    except core.DrawError as exc:
        raise DomainError(str(exc), field="scope") from None
    counts = {c: 0 for c in core.CLASSES}
    for r in rows:
        counts[r[2]] += 1
    quotas = {c: core.quota(counts[c], task.ratios[c]) for c in core.CLASSES}
    total, drawn = len(rows), sum(quotas.values())
    share = Fraction(drawn, total)
    items = list(task.items.all())
    if all(i.kind == ItemKind.GENERAL for i in items) and share > Fraction(conf.general_item_cap()) / 100:
        raise DomainError(f"一般检查事项的抽查比例不能超过{conf.general_item_cap()}%（本任务将抽取{drawn}/{total}户）",
                          field="ratios")
    if task.public_info_check and share < Fraction(conf.public_info_floor()) / 100:
        raise DomainError(f"企业公示信息抽查比例不低于{conf.public_info_floor()}%（本任务仅{drawn}/{total}户）",
                          field="ratios")
    algorithm = conf.hash_algorithm()
    task.snapshot = data.decode("utf-8")
    task.snapshot_hash = core.hash_hex(algorithm, data)
    task.exclusions = excluded
    params = {
        "rule": core.RULE, "algorithm": algorithm, "task": task.number, "title": task.title,
        "plan": task.plan.number, "department": task.plan.department.name,
        "departments": [d.name for d in departments], "joint": task.is_joint,
        "items": [{"code": i.code, "name": i.name, "kind": i.kind} for i in items],
        "scope": task.scope, "ratios": task.ratios, "uses_risk_classes": task.uses_risk_classes,
        "rounding": "ceil(n × ratio) per class", "snapshot_hash": task.snapshot_hash, "snapshot_count": total,
        "counts": counts, "quotas": quotas, "excluded_count": len(excluded),
        "caps": {"max_draws_per_year": conf.max_draws_per_year(), "recent_skip_days": conf.recent_skip_days()},
        "seed_sources": [{"name": s} for s in task.seed_sources], "seed_rule": core.__doc__.split("2. ")[1]
        .split("3. ")[0].strip().replace("\n  ", " ").replace("\n", " "),
        "draw_at": timezone.localtime(task.draw_at).isoformat(), "inspectors_per_object": m,
        "inspector_pools": {d.name: sorted(pools[d.pk]) for d in departments},
        "announced_at": timezone.localtime().isoformat(),
    }
    task.params_json = json.dumps(params, ensure_ascii=False, indent=1, sort_keys=True)
    task.status = Task.Status.ANNOUNCED
    task.announced_at = timezone.now()
    task.version += 1
    task.save()
    audit(actor=actor, action="inspections.task.announce", target=task,
          after={"snapshot_hash": task.snapshot_hash, "count": total, "excluded": len(excluded)})
    return task


# ---- the draw ------------------------------------------------------------------------------------------------------
def _year(task: Task) -> int:
    return task.starts_on.year


def _excluded_inspectors(code: str, task: Task, today: dt.date) -> set[str]:
    conflicts = set(ConflictRow.objects.filter(object_code=code, declared_on__lte=today).exclude(
        ended_on__lte=today).values_list("inspector__cert_no", flat=True))
    return conflicts | queries.previous_inspectors(code, task)


@transaction.atomic
def draw_task(*, actor, task: Task, values: list[str], witnesses: str, now: dt.datetime | None = None) -> Draw:
    """The witnessed draw: the announced sources' values entered at the draw, the seed by the published rule, the
    selection, then the inspectors of each object. A second draw of the same task is refused."""
    task = Task.objects.select_for_update(of=("self",)).select_related("plan", "plan__department").get(pk=task.pk)
    require_manager(actor, task.plan.department_id, "抽查任务")
    if task.status in (Task.Status.DRAWN, Task.Status.PUBLISHED) or Draw.objects.filter(task=task).exists():
        raise Conflict("该任务已抽取，不能重复抽取；如需更正，请新建更正任务（原任务与更正任务均公开）",
                       field="task")
    if task.status != Task.Status.ANNOUNCED:
        raise Conflict("任务须先公告参数和对象快照哈希，才能抽取", field="task")
    now = now or timezone.now()
    if now < task.draw_at:
        raise DomainError(f"未到公告的抽取时间（{timezone.localtime(task.draw_at):%Y-%m-%d %H:%M}）", field="values")
    if now > task.draw_at + dt.timedelta(hours=conf.draw_window_hours()):
        raise DomainError(f"见证值录入已超过抽取时间{conf.draw_window_hours()}小时，请新建更正任务重新公告",
                          field="values")
    values = [str(v).strip() for v in (values or [])]
    if len(values) != len(task.seed_sources) or not all(values):
        raise DomainError(f"请录入全部{len(task.seed_sources)}个见证值（{'、'.join(task.seed_sources)}）",
                          field="values")
    witnesses = text(witnesses, "witnesses", "见证人", max_length=300)
    params = json.loads(task.params_json)
    algorithm = params["algorithm"]
    try:
        seed = core.seed_of(algorithm, task.snapshot_hash, values)
    except core.DrawError as exc:
        raise DomainError(str(exc), field="values") from None
    rows = core.parse_snapshot(task.snapshot.encode("utf-8"))
    sel = core.select(algorithm, rows, seed, task.ratios)
    seed_file = {"task": task.number, "values": [{"source": s, "value": v} for s, v in zip(task.seed_sources, values)],
                 "seed": seed, "cutoffs": sel.cutoffs, "witnesses": witnesses,
                 "drawn_at": timezone.localtime(now).isoformat()}
    try:
        with transaction.atomic():
            draw = Draw.objects.create(
                task=task, values=values, witnesses=witnesses, seed=seed, cutoffs=sel.cutoffs,
                seed_json=json.dumps(seed_file, ensure_ascii=False, indent=1, sort_keys=True),
                selection=core.selection_bytes(sel).decode("utf-8"), drawn_at=now,
                drawn_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        raise Conflict("该任务已抽取，不能重复抽取", field="task") from None
    names = queries.names_of([r for r, _rank, _s in sel.drawn])
    year = _year(task)
    Sampled.objects.bulk_create([
        Sampled(task=task, code=r.code, kind=r.kind, risk_class=r.risk_class, rank=rank, score=s, year=year,
                name=names.get(r.code, (r.code, None))[0][:200], enterprise_id=names.get(r.code, ("", None))[1])
        for r, rank, s in sel.drawn], batch_size=2000)
    _draw_inspectors(task, seed, algorithm, today=timezone.localdate(now))
    task.status = Task.Status.DRAWN
    task.version += 1
    task.save(update_fields=["status", "version"])
    audit(actor=actor, action="inspections.task.draw", target=task,
          after={"seed": seed, "drawn": len(sel.drawn), "values": values, "witnesses": witnesses})
    return draw


def _draw_inspectors(task: Task, seed: str, algorithm: str, today: dt.date) -> None:
    m = task.inspectors_per_object
    departments = queries.task_departments(task)
    pools = {d.pk: {i.cert_no: i for i in Inspector.objects.filter(department=d, active=True, available=True)}
             for d in departments}
    rows = []
    for s in task.sampled.all():
        excluded = _excluded_inspectors(s.code, task, today)
        for d in departments:
            chosen = core.pick_inspectors(algorithm, seed, s.code, pools[d.pk], excluded, m)
            if len(chosen) < m:
                raise DomainError(f"{d.name}对“{s.name}”可抽取的执法人员不足{m}名（已排除利害关系人和上次检查人员）",
                                  field="inspectors_per_object")
            rows += [Assignment(sampled=s, department=d, inspector=pools[d.pk][c], order=n + 1)
                     for n, c in enumerate(chosen)]
    Assignment.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def recuse(*, actor, assignment: Assignment, reason: str, now: dt.datetime | None = None) -> Assignment:
    """Record a recusal (回避) with its reason and draw the replacement by the same rule: the next inspector of the
    object's order who is not excluded and not already drawn for it."""
    a = Assignment.objects.select_for_update(of=("self",)).select_related(
        "sampled", "sampled__task", "sampled__task__plan", "inspector", "department").get(pk=assignment.pk)
    task = a.sampled.task
    if not (getattr(a.inspector, "user_id", None) == getattr(actor, "pk", None)
            or (actor is not None and access.manages(actor, a.department_id))):
        raise DomainError("只有本人或本部门抽查管理人员可以登记回避", field="assignment", code="forbidden")
    if a.recused:
        raise Conflict("该执法人员已回避", field="assignment")
    if a.sampled.results.exists():
        raise Conflict("已录入检查结果，不能再登记回避", field="assignment")
    reason = text(reason, "reason", "回避理由")
    draw = task.draw
    algorithm = json.loads(task.params_json)["algorithm"]
    today = timezone.localdate(now) if now else timezone.localdate()
    used = set(a.sampled.assignments.filter(department=a.department).values_list("inspector__cert_no", flat=True))
    pool = {i.cert_no: i for i in Inspector.objects.filter(department=a.department, active=True, available=True)}
    nxt = core.pick_inspectors(algorithm, draw.seed, a.sampled.code, pool, _excluded_inspectors(
        a.sampled.code, task, today), 1, already=used)
    if not nxt:
        raise DomainError(f"{a.department.name}已无可替补的执法人员，请补充名录后再登记回避", field="assignment")
    a.recused, a.recusal_reason = True, reason
    a.save(update_fields=["recused", "recusal_reason"])
    order = a.sampled.assignments.filter(department=a.department).count() + 1
    repl = Assignment.objects.create(sampled=a.sampled, department=a.department, inspector=pool[nxt[0]], order=order,
                                     replaces=a)
    audit(actor=actor, action="inspections.inspector.recuse", target=a.sampled,
          after={"recused": a.inspector.cert_no, "reason": reason, "replacement": repl.inspector.cert_no})
    return repl


# ---- notice and visit ----------------------------------------------------------------------------------------------
def notice_text(s: Sampled) -> str:
    task = s.task
    items = list(task.items.select_related("department").order_by("department__code", "code"))
    lines = [f"{s.name}：", f"根据{task.plan.title}（{task.number}），你单位被随机抽取为检查对象。"
             f"检查日期：{s.visit_on:%Y年%m月%d日}，各部门一次上门、一并检查（进一次门、查多项事）。", "检查事项和需准备的材料："]
    for n, i in enumerate(items, start=1):
        lines.append(f"{n}. 【{i.department.name}】{i.name}——{i.content}（检查方式：{i.method}）")
    people = [f"{a.department.name} {a.inspector.name}（执法证号{a.inspector.cert_no}）"
              for a in queries.active_assignments(s)]
    lines.append("检查人员：" + "；".join(people))
    lines.append("抽取过程和结果可在“双随机、一公开”公示页面复核。")
    return "\n".join(lines)


@transaction.atomic
def schedule_visit(*, actor, sampled: Sampled, visit_on: dt.date, expected_version=None) -> Sampled:
    """One visit date and one notice for the object, listing every item of every department."""
    s = Sampled.objects.select_for_update(of=("self",)).select_related("task", "task__plan", "enterprise").get(
        pk=sampled.pk)
    require_manager(actor, s.task.plan.department_id, "抽查任务")
    check_version(s, expected_version, "检查对象")
    if s.task.status not in (Task.Status.DRAWN,):
        raise Conflict("任务尚未抽取或已公示", field="visit_on")
    if visit_on is None or not (s.task.starts_on <= visit_on <= s.task.ends_on):
        raise DomainError(f"检查日期应在检查期内（{s.task.starts_on}至{s.task.ends_on}）", field="visit_on")
    s.visit_on = visit_on
    s.notice = notice_text(s)
    s.notice_sent_at = timezone.now()
    s.version += 1
    s.save()
    _notify_enterprise(s)
    audit(actor=actor, action="inspections.visit.schedule", target=s, after={"visit_on": visit_on})
    return s


def _notify_enterprise(s: Sampled) -> None:
    if not s.enterprise_id or not s.enterprise.applicant_id:
        return
    from yiwang.notify.services import enqueue

    applicant = s.enterprise.applicant
    for u in {applicant.user, *applicant.agents.all()}:
        if u is not None:
            enqueue(event="inspections.notice", subject=f"检查通知：{s.task.title}", body=s.notice, user=u,
                    link=f"/inspections/tasks/{s.task_id}/", ref=f"inspection:{s.pk}")


def items_of(task: Task) -> list[Item]:
    return list(task.items.all())
