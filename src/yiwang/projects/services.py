"""The only place construction-project state changes: one function per action, in a transaction, auditing.
Pages, the API, the demo loader and the receivers call these."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import Blob
from yiwang.cases.services.files import Upload, store_blob
from yiwang.cases.services.intake import file_case
from yiwang.catalog.domain.bundles import material_key, merge_materials
from yiwang.catalog.models import ItemVersion
from yiwang.catalog.services import material_dict
from yiwang.enterprises.models import Enterprise, Industry
from yiwang.org.models import Park, Region

from . import access, conf
from .domain import codes, risk
from .domain import stages as st
from .domain.classes import KIND_CODE_TYPE, KIND_LABELS, STAGE_LABELS, Kind, Route, Stage, filing_refusal
from .models import Project, RegionalAssessment, RiskMatrix, StageApplication, StageCase, StageItem


class Forbidden(DomainError):
    code = "forbidden"


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# ---- the risk matrix ---------------------------------------------------------------------------------------------
def current_matrix() -> tuple[int, dict]:
    """(version number, matrix) in force; version 0 is the shipped default until the bureau saves one."""
    row = RiskMatrix.objects.order_by("-number").first()
    return (row.number, row.data) if row else (0, risk.DEFAULT_MATRIX)


def save_matrix(data: dict, *, actor, expected_number: int, note: str = "") -> RiskMatrix:
    """A new version of the matrix, checked whole: overlapping or missing cells refuse it and nothing is saved.
    Projects keep the version they were assessed with."""
    if not access.is_bureau(actor):
        raise Forbidden("只有住房城乡建设管理部门的工程建设审批人员可以修订风险分级矩阵")
    try:
        clean = risk.validate(data)
    except risk.MatrixError as exc:
        raise ValidationError({"data": exc.problems}) from None
    with transaction.atomic():
        RiskMatrix.objects.select_for_update().order_by("-number").first()
        number, before = current_matrix()
        if int(expected_number) != number:
            raise Conflict(f"风险分级矩阵已被他人修订为第{number}版，请刷新后重试", code="stale_version",
                           extra={"version": number})
        row = RiskMatrix.objects.create(number=number + 1, data=clean, note=(note or "")[:300], created_by=actor)
        record(actor=actor, action="projects.risk_matrix.save", target=row, before={"number": number},
               after={"number": row.number}, data={"note": row.note, "factors": [f["key"] for f in clean["factors"]]})
    return row


# ---- projects ----------------------------------------------------------------------------------------------------
def _decimal(value, field: str, label: str, errors: dict) -> Decimal | None:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, AttributeError):
        errors[field] = f"“{label}”应为数字"
        return None
    if d < 0 or not d.is_finite():
        errors[field] = f"“{label}”不能为负数"
        return None
    return d


def facts_of(project) -> dict:
    return {"use": project.use, "floor_area": project.floor_area, "height": project.height,
            "hazardous": project.hazardous, "ecological": project.ecological, "special_zone": project.special_zone,
            "land_area": project.land_area, "total_investment": project.total_investment}


def register_project(*, actor, code: str, name: str, builder: Enterprise, kind: str, region: Region,
                     land_area, floor_area, height, use: str, total_investment, park: Park | None = None,
                     industry: Industry | None = None, hazardous: bool = False, ecological: bool = False,
                     special_zone: str = "无", address: str = "", today: date | None = None) -> Project:
    """Register a project under its investment-project code: its class and target, its risk level with the
    reasons, and so its route. Every field's problem at once, in Chinese; nothing saved unless all is right."""
    if not (access.is_centre(actor) or access.is_builder_agent(actor, builder)):
        raise Forbidden("只有工程建设项目审批服务中心或建设单位的经办人可以登记项目")
    errors: dict[str, str] = {}
    try:
        kind = Kind(kind)
    except ValueError:
        errors["kind"] = "投资类型应为政府投资、社会投资核准或社会投资备案"
    try:
        parsed = codes.parse(code, this_year=_today(today).year)
        if "kind" not in errors:
            codes.check_matches(parsed, type_code=KIND_CODE_TYPE[kind], type_name=KIND_LABELS[kind])
        code = str(parsed)
    except codes.ProjectCodeError as exc:
        errors["code"] = exc.message
    if "code" not in errors and Project.objects.filter(code=code).exists():
        errors["code"] = f"项目代码“{code}”已登记"
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写项目名称"
    if builder.status != Enterprise.Status.ACTIVE or builder.applicant_id is None:
        errors["builder"] = "建设单位须为登记在册、状态为存续且已关联申请人的企业"
    if use not in dict(Project.USE_CHOICES):
        errors["use"] = "建筑用途不在可选范围内"
    if special_zone not in dict(Project.ZONE_CHOICES):
        errors["special_zone"] = "特殊区域不在可选范围内"
    if park is not None and not park.is_active:
        errors["park"] = "该园区已停用"
    numbers = {f: _decimal(v, f, label, errors) for f, v, label in (
        ("land_area", land_area, "用地面积"), ("floor_area", floor_area, "总建筑面积"), ("height", height, "建筑高度"),
        ("total_investment", total_investment, "总投资"))}
    if errors:
        raise ValidationError(errors)
    number, matrix = current_matrix()
    project = Project(code=code, name=name[:200], builder=builder, kind=kind, target_days=conf.target_days(kind),
                      region=region, park=park, address=(address or "")[:200], use=use, hazardous=bool(hazardous),
                      ecological=bool(ecological), special_zone=special_zone, industry=industry, created_by=actor,
                      **numbers)
    try:
        verdict = risk.assess(matrix, facts_of(project))
    except ValueError as exc:
        raise DomainError(str(exc), field="risk_level") from None
    route, why = risk.route_for(kind, use, verdict)
    project.risk_level, project.risk_reasons, project.excluded = verdict.level, list(verdict.reasons), verdict.excluded
    project.risk_matrix_number, project.route, project.route_reason = number, route.value, why[:300]
    with transaction.atomic():
        project.save()
        record(actor=actor, action="projects.project.register", target=project,
               after={"kind": kind.value, "route": route.value, "risk_level": verdict.level},
               data={"code": code, "matrix": number, "reasons": list(verdict.reasons)})
    return project


# ---- stages ------------------------------------------------------------------------------------------------------
def rules() -> list[st.Rule]:
    out = []
    for si in StageItem.objects.select_related("item", "after").order_by("order", "id"):
        if not si.item.project_stage:
            continue
        out.append(st.Rule(item_id=si.item_id, name=si.item.name, stage=Stage(si.item.project_stage),
                           kinds=frozenset(si.kinds), routes=frozenset(si.routes),
                           after=si.after.item_id if si.after_id else None, assessment=si.assessment,
                           fields=tuple(si.fields or _version_fields(si.item)), order=si.order))
    return out


def _version_fields(item) -> tuple[str, ...]:
    v = item.current_version
    return tuple(line.strip() for line in (v.form_fields if v else "").splitlines() if line.strip())


def assessed_kinds(project) -> dict[str, str]:
    if project.park_id is None:
        return {}
    return {a.kind: f"{a.get_kind_display()}（{a.done_on:%Y-%m-%d}）"
            for a in RegionalAssessment.objects.filter(park_id=project.park_id)}


def plan_of(project, stage: Stage) -> st.Plan:
    return st.plan(rules(), Stage(stage), kind=project.kind_enum, route=project.route_enum,
                   assessed=assessed_kinds(project))


def known_fields(project) -> dict[str, str]:
    """What the platform already knows of the project: its register and every field an earlier stage entered."""
    base = {"项目名称": project.name, "投资项目统一代码": project.code, "建设单位": project.builder.name,
            "统一社会信用代码": project.builder.uscc, "建设地点": project.region.name,
            "用地面积（平方米）": f"{project.land_area}", "总建筑面积（平方米）": f"{project.floor_area}",
            "建筑高度（米）": f"{project.height}", "建筑用途": project.use, "总投资（万元）": f"{project.total_investment}"}
    if project.address:
        base["详细地址"] = project.address
    return {**base, **(project.fields or {})}


def form_of(project, stage: Stage) -> tuple[st.Plan, st.Form]:
    p = plan_of(project, stage)
    return p, st.stage_form(p.fields(), known_fields(project))


def stage_materials(plan: st.Plan) -> list[dict]:
    """The stage's materials merged across its items (catalog.domain.bundles, as 一件事 does): one row per distinct
    material with its `key`, the items needing it and the strictest flags. A file given once serves every item."""
    versions = {v.item_id: v for v in ItemVersion.objects.filter(
        item_id__in=[p.rule.item_id for p in plan.items], item__current_version=F("pk")).prefetch_related("materials")}
    per_item = [(p.rule.name, [material_dict(m) for m in versions[p.rule.item_id].materials.all()])
                for p in plan.items if p.rule.item_id in versions]
    return [{**row, "key": material_key(row)} for row in merge_materials(per_item)]


def _stage_state(project) -> tuple[set, set]:
    rows = list(project.stages.values_list("stage", "status"))
    return ({Stage(s) for s, _ in rows}, {Stage(s) for s, status in rows if status == StageApplication.Status.CONCLUDED})


def filing_refusal_of(project, stage: Stage) -> str | None:
    """Why `stage` may not be filed now (None: it may)."""
    filed, concluded = _stage_state(project)
    return filing_refusal(Stage(stage), project.route_enum, filed=filed, concluded=concluded)


def file_stage(project, stage: str, *, actor, answers: dict, expected_version: int, files: dict | None = None,
               hall=None, today: date | None = None) -> StageApplication:
    """一表申请、一口受理: the stage's one form; its parallel items' cases filed at once (each with its department
    and its own clock, through the cases services); the items that follow another wait for it. A stage filed
    before its predecessor ends, where the route forbids it, is refused; so is any field missing — nothing is
    saved half. `files` are keyed by merged-material key (`stage_materials`); a material not given is asked for by
    the department's supplement notice, as for any case."""
    on = _today(today)
    files = {k: Upload.of(f) for k, f in (files or {}).items()}
    try:
        stage = Stage(stage)
    except ValueError:
        raise DomainError("阶段不正确", field="stage") from None
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("builder", "region").get(pk=project.pk)
        if not (access.is_builder_agent(actor, project) or actor.staff_roles.filter(role="clerk").exists()):
            raise Forbidden("只有建设单位的经办人或审批服务中心的窗口人员可以申报阶段")
        if project.version != int(expected_version):
            raise Conflict("项目已被他人更新，请刷新后重试", code="stale_version", extra={"version": project.version})
        filed, concluded = _stage_state(project)
        refusal = filing_refusal(stage, project.route_enum, filed=filed, concluded=concluded)
        if refusal:
            raise Conflict(refusal, code="stage_order", extra={"field": "stage"})
        plan, form = form_of(project, stage)
        if not plan.items:
            raise DomainError(f"“{STAGE_LABELS[stage]}”阶段没有适用于本项目的事项", field="stage")
        values, reasked, errors = st.check_answers(form, answers)
        keys = {m["key"] for m in stage_materials(plan)}
        unknown = [k for k in files if k not in keys]
        if unknown:
            errors["files"] = f"材料“{unknown[0]}”不属于本阶段"
        if errors:
            raise ValidationError(errors)
        application = StageApplication.objects.create(
            project=project, stage=stage.value, filed_on=on, form_data=values, asked_fields=list(form.asked),
            reused_fields=list(form.reused), reasked_fields=reasked, target_days=conf.stage_target_days(
                project.kind, stage), filed_by=actor,
            spared=[{"item": r.name, "why": why} for r, why in plan.spared],
            files={k: {"blob": store_blob(u).pk, "name": u.name, "type": u.content_type} for k, u in files.items()})
        by_item = {si.item_id: si for si in StageItem.objects.select_related("item__current_version")}
        for planned in plan.items:
            sc = StageCase.objects.create(application=application, stage_item=by_item[planned.rule.item_id],
                                          parallel=planned.parallel)
            if planned.parallel:
                _file_item(sc, actor=actor, hall=hall, on=on, files=files)
        project.fields = {**(project.fields or {}), **{k: v for k, v in values.items() if k in form.needed}}
        project.version += 1
        project.save(update_fields=["fields", "version"])
        record(actor=actor, action="projects.stage.file", target=application, after={"status": application.status},
               data={"project": project.code, "stage": stage.value, "asked": len(form.asked),
                     "reused": form.reused_count, "reasked": reasked,
                     "cases": list(application.items.exclude(case=None).values_list("case_id", flat=True))})
    return application


def _file_item(sc: StageCase, *, actor, hall, on: date, files: dict | None = None) -> None:
    application, si = sc.application, sc.stage_item
    version = si.item.current_version
    if version is None:
        raise DomainError(f"“{si.item.name}”暂无现行版本，不能申报", field="stage")
    needed = si.fields or list(_version_fields(si.item))
    form = {k: v for k, v in application.form_data.items() if k in needed} if needed else dict(application.form_data)
    form["投资项目统一代码"] = application.project.code
    submitter = actor if actor is not None else application.filed_by
    mine = {m.pk: files[k] for m in version.materials.all() if (k := material_key(material_dict(m))) in (files or {})}
    case, _created = file_case(submitter=submitter, applicant=application.project.builder.applicant,
                               item_version=version, idempotency_key=f"prj{application.pk}-{si.pk}", form_data=form,
                               files=mine, hall=hall, today=on)
    sc.case = case
    sc.save(update_fields=["case"])


def _stored_files(app: StageApplication) -> dict[str, Upload]:
    blobs = Blob.objects.in_bulk([f["blob"] for f in app.files.values()])
    out = {}
    for key, f in app.files.items():
        blob = blobs.get(f["blob"])
        if blob is not None:
            with blob.file.open("rb") as fh:
                out[key] = Upload(f["name"], fh.read(), f.get("type") or blob.content_type)
    return out


def _concluded_on(case) -> date:
    return case.decided_on or case.stopped_on or case.delivered_on or timezone.localdate()


def advance(application_id: int, today: date | None = None) -> StageApplication:
    """After one of the stage's cases changes: file each waiting item whose predecessor has concluded (approved:
    a denied predecessor leaves its follower waiting), and conclude the stage when every item has."""
    with transaction.atomic():
        app = StageApplication.objects.select_for_update().select_related("project__builder").get(pk=application_id)
        if app.status == StageApplication.Status.CONCLUDED:
            return app
        items = list(app.items.select_related("case", "stage_item__after", "stage_item__item__current_version"))
        by_item = {sc.stage_item_id: sc for sc in items}
        for sc in items:
            after = sc.stage_item.after_id
            if sc.case_id or after is None:
                continue
            before = by_item.get(after)
            if before and before.case_id and before.case.state in (lc.State.APPROVED, lc.State.DELIVERED):
                _file_item(sc, actor=app.filed_by, hall=before.case.hall, on=_concluded_on(before.case),
                           files=_stored_files(app))
                record(actor=None, action="projects.stage.follow", target=app, role=lc.SYSTEM,
                       data={"item": sc.stage_item.item.name, "after": before.case.number})
        if items and all(sc.case_id and lc.State(sc.case.state) in lc.CONCLUDED for sc in items):
            app.status = StageApplication.Status.CONCLUDED
            app.concluded_on = max(_concluded_on(sc.case) for sc in items)
            app.version += 1
            app.save(update_fields=["status", "concluded_on", "version"])
            record(actor=None, action="projects.stage.conclude", target=app, role=lc.SYSTEM,
                   before={"status": "open"}, after={"status": app.status},
                   data={"concluded_on": app.concluded_on.isoformat()})
    return app


def add_regional_assessment(*, actor, park: Park, kind: str, done_on: date, note: str = "") -> RegionalAssessment:
    if not access.is_centre(actor):
        raise Forbidden("只有工程建设项目审批服务中心可以登记区域评估")
    if kind not in RegionalAssessment.Kind.values:
        raise DomainError("评估类型不正确", field="kind")
    with transaction.atomic():
        row, created = RegionalAssessment.objects.update_or_create(park=park, kind=kind,
                                                                   defaults={"done_on": done_on, "note": note[:300]})
        record(actor=actor, action="projects.regional_assessment.save", target=row,
               after={"park": park.code, "kind": kind, "done_on": done_on.isoformat()}, data={"created": created})
    return row


def set_stage_item(*, actor, item, kinds=(), routes=(), after=None, assessment: str = "", fields=(),
                   order: int = 0) -> StageItem:
    """Put a catalogue item (tagged with its stage) in the stage plan, or change its place."""
    if not (access.is_bureau(actor) or access.is_centre(actor)):
        raise Forbidden("只有工程建设审批人员可以维护阶段事项")
    if not item.project_stage:
        raise DomainError(f"“{item.name}”尚未标注工程建设审批阶段", field="item")
    bad = [k for k in kinds if k not in Kind.__members__.values()] + \
        [r for r in routes if r not in Route.__members__.values()]
    if bad:
        raise DomainError(f"适用类型或流程“{bad[0]}”不正确", field="kinds")
    if after is not None and after.item.project_stage != item.project_stage:
        raise DomainError("前置事项须属于同一阶段", field="after")
    with transaction.atomic():
        row, created = StageItem.objects.update_or_create(item=item, defaults={
            "kinds": [str(k) for k in kinds], "routes": [str(r) for r in routes], "after": after,
            "assessment": assessment, "fields": list(fields), "order": order})
        record(actor=actor, action="projects.stage_item.save", target=row,
               after={"item": item.code, "stage": item.project_stage, "after": after.item.code if after else None},
               data={"created": created})
    return row
