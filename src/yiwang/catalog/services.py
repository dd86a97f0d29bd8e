"""Catalogue service functions: the only place catalogue state changes. Each runs in one transaction and
leaves an audit event. The demo loader and the Excel import call these.

Life of an item::

    item = create_item(code=..., department=dept, actor=user, name=..., item_type=ItemType.LICENSING,
                       legal_limit_days=20, promised_limit_days=5, materials=[{...}], ...)   # item + draft
    update_draft(item, actor=user, promised_limit_days=3, expected_revision=1)             # edit the draft
    version = publish(item, effective_date=date.today(), actor=user)                       # immutable v1
    update_draft(item, actor=user, ...)        # a new draft copied from the version in force
    suspend(item, reason=..., actor=user); resume(...); cancel(...); delegate(...)

A published ``ItemVersion`` never changes: every edit goes to the item's single draft. Cases cite versions.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.org.identifiers import is_valid_uscc
from yiwang.org.models import Department, Hall, Region, Window

from .domain import rules
from .permissions import NotAllowed, _require, can_manage, manageable_departments  # noqa: F401 (re-exported)
from .domain.codes import EXAMPLE, InvalidItemCode, parse_item_code, read_item_code
from .domain.ranking import initials
from .domain.search import index_text, index_tokens
from .models import (PROJECT_STAGE_CHOICES, FeeItem, ItemStatusChange, ItemVersion, Material, SearchToken,
                     ServiceItem, Topic)

# Scalar content fields of a version (copied from draft to draft, exported, compared).
VERSION_FIELDS = [
    "name", "item_type", "level", "legal_basis", "legal_limit_days", "promised_limit_days", "approval_tier",
    "fully_online", "max_visits", "on_the_spot", "advance_service", "same_year_landing", "express",
    "conditions", "steps", "form_fields", "is_free", "service_8x365", "holiday_service", "holiday_note",
    "appointment_required", "online_url", "consult_phone", "remedy", "commitment_allowed", "risk_domain",
    "pending_fields", "materials_given", "joint_handling",
]
# Fields that say something about the content rather than being content (not cleared by an edit).
META_FIELDS = {"pending_fields", "materials_given"}
RELATION_FIELDS = ["halls", "windows", "topics"]
MATERIAL_FIELDS = ["code", "name", "requirement", "condition", "originals", "copies", "template",
                   "exempt_by_sharing", "sharing_source", "is_key", "deferrable", "commitment_replaceable", "note"]
FEE_FIELDS = ["name", "standard", "basis"]
Status = ServiceItem.Status


# --------------------------------------------------------------------------------------------- snapshots
def material_dict(m: Material) -> dict:
    d = {f: getattr(m, f) for f in MATERIAL_FIELDS}
    d["template"] = m.template.name if m.template else ""
    return d


def snapshot(version: ItemVersion) -> dict:
    """Everything a version says, as plain JSON-able data (audit, comparison, export)."""
    data = {f: getattr(version, f) for f in VERSION_FIELDS}
    data["halls"] = sorted(version.halls.values_list("code", flat=True))
    data["windows"] = sorted(version.windows.values_list("pk", flat=True))
    data["topics"] = sorted(version.topics.values_list("code", flat=True))
    data["materials"] = [material_dict(m) for m in version.materials.all()]
    data["fees"] = [{f: getattr(fee, f) for f in FEE_FIELDS} for fee in version.fees.all()]
    return data


def _state(item: ServiceItem) -> dict:
    return {"status": item.status, "current_version": item.current_version_id, "reason": item.status_reason}


# --------------------------------------------------------------------------------------------- validation
def _resolve(model, values, key, field, label):
    out = []
    for v in values or []:
        if isinstance(v, model):
            out.append(v)
            continue
        obj = model.objects.filter(**{key: v}).first()
        if obj is None:
            raise ValidationError({field: [f"{label}“{v}”不存在"]})
        out.append(obj)
    return out


def strict_codes() -> bool:
    """YIWANG_STRICT_CODES: refuse item codes outside the standard shape (default: keep them, warn)."""
    from django.conf import settings

    return bool(getattr(settings, "YIWANG_STRICT_CODES", False))


def check_code(code: str, department: Department, *, exclude_pk=None) -> str:
    """Check an item code: kept exactly as given (the national identity of the item); refused only when it
    cannot be a code (empty, too long, inner spaces), when it is taken, or when its implementing body is a
    valid USCC that is none of the department's filing codes. Under YIWANG_STRICT_CODES the standard shape
    with a valid USCC is required."""
    if strict_codes():
        try:
            parse_item_code(code)
        except InvalidItemCode as exc:
            raise ValidationError({"code": [str(exc)]}) from None
    reading = read_item_code(code)
    if not reading.ok:
        raise ValidationError({"code": [reading.error]})
    if reading.shape == "unrecognised":  # an import keeps what the national data says; typing one is a slip
        raise ValidationError({"code": [f"事项编码“{reading.code}”的结构未能识别：应由6段组成、以“-”分隔，"
                                        f"例如 {EXAMPLE}，或为 G-/E- 开头的公共服务编码"]})
    code = reading.code
    body = reading.body_code
    filing = department.filing_code_list if department.pk else ([department.uscc] if department.uscc else [])
    if body and filing and body not in filing and is_valid_uscc(body):
        raise ValidationError({"code": [
            f"事项编码中的统一社会信用代码 {body} 与实施部门“{department.name}”的办理编码（{'、'.join(filing)}）不一致"]})
    if ServiceItem.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"code": [f"事项编码 {code} 已存在：同一事项只能有一个编码"]})
    return code


def _validate(version: ItemVersion, materials: list[dict], fees: list[dict], halls, windows) -> None:
    data = {f: getattr(version, f) for f in VERSION_FIELDS}
    errors = rules.check_version(data, materials, fees)
    try:
        version.full_clean(exclude=["item", "published_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
    for i, m in enumerate(materials, 1):
        try:
            Material(version=version, **{k: v for k, v in m.items() if k in MATERIAL_FIELDS}).full_clean(
                exclude=["version"], validate_constraints=False)
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                errors.setdefault("materials", []).extend(f"第{i}项材料{Material._meta.get_field(k).verbose_name}：{m_}"
                                                          for m_ in v)
    hall_ids = {h.pk for h in halls}
    for w in windows:
        if w.hall_id not in hall_ids:
            errors.setdefault("windows", []).append(f"窗口“{w}”不在所选办理大厅内")
    if errors:
        raise ValidationError(errors)


def _clean_rows(rows, fields) -> list[dict]:
    out = []
    for r in rows or []:
        if not isinstance(r, dict):
            r = {f: getattr(r, f) for f in fields}
        out.append({k: v for k, v in r.items() if k in fields})
    return out


# --------------------------------------------------------------------------------------------- drafts
def _write_draft(version: ItemVersion, fields: dict, *, materials=None, fees=None, halls=None, windows=None,
                 topics=None, base: ItemVersion | None = None) -> ItemVersion:
    """Apply `fields` to an unsaved or draft version, validate everything, save it with its rows."""
    if version.pk and version.state != ItemVersion.State.DRAFT:
        raise Conflict("已发布的版本不可修改，请编辑草稿后发布新版本")
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise DomainError(f"不支持的字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    for k, v in fields.items():
        setattr(version, k, v)
    if "pending_fields" not in fields and version.pending_fields:
        # a field someone has now stated is no longer waiting to be completed
        version.pending_fields = [f for f in version.pending_fields if f not in fields]
    if materials is not None and "materials_given" not in fields:
        version.materials_given = True
    version.legal_limit_days, version.promised_limit_days = rules.normalise_limits(
        version.legal_limit_days, version.promised_limit_days)
    src = base or (version if version.pk else None)
    if materials is None:
        materials = [material_dict(m) for m in src.materials.all()] if src else []
    if fees is None:
        fees = [{f: getattr(x, f) for f in FEE_FIELDS} for x in src.fees.all()] if src else []
    materials, fees = _clean_rows(materials, MATERIAL_FIELDS), _clean_rows(fees, FEE_FIELDS)
    halls = _resolve(Hall, halls, "code", "halls", "办理大厅") if halls is not None else (list(src.halls.all()) if src else [])
    windows = _resolve(Window, windows, "pk", "windows", "窗口") if windows is not None else (
        list(src.windows.all()) if src else [])
    topics = _resolve(Topic, topics, "code", "topics", "主题") if topics is not None else (
        list(src.topics.all()) if src else [])
    _validate(version, materials, fees, halls, windows)
    version.save()
    version.materials.all().delete()
    version.fees.all().delete()
    Material.objects.bulk_create(Material(version=version, order=i, **m) for i, m in enumerate(materials, 1))
    FeeItem.objects.bulk_create(FeeItem(version=version, order=i, **f) for i, f in enumerate(fees, 1))
    version.halls.set(halls)
    version.windows.set(windows)
    version.topics.set(topics)
    return version


def create_item(*, code: str, department: Department, actor, materials=(), fees=(), halls=(), windows=(),
                topics=(), **fields) -> ServiceItem:
    """Create an item and its first draft. `fields` are VERSION_FIELDS (name and item_type required);
    materials/fees are lists of dicts (MATERIAL_FIELDS / FEE_FIELDS); halls by code, windows by pk, topics by
    code (or instances). Raises ValidationError (field-level, Chinese) on bad input."""
    if not isinstance(department, Department):
        dept = Department.objects.filter(code=department).first()
        if dept is None:
            raise ValidationError({"department": [f"实施部门“{department}”不存在"]})
        department = dept
    _require(actor, department)
    with transaction.atomic():
        code = check_code(code, department)
        if fields.get("item_type") is None:
            raise ValidationError({"item_type": ["请选择事项类型"]})
        item = ServiceItem(code=code, department=department, name=str(fields.get("name") or "").strip()[:200],
                           item_type=fields["item_type"])
        try:
            item.full_clean(exclude=["current_version"], validate_unique=False)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError({"code": [f"事项编码 {code} 已存在：同一事项只能有一个编码"]}) from None
        version = _write_draft(ItemVersion(item=item), fields, materials=list(materials), fees=list(fees),
                               halls=list(halls), windows=list(windows), topics=list(topics))
        record(actor=actor, action="catalog.item.create", target=item,
               after={"code": code, "department": department.code, **snapshot(version)})
    return item


def get_draft(item: ServiceItem) -> ItemVersion | None:
    return item.versions.filter(state=ItemVersion.State.DRAFT).first()


def update_draft(item: ServiceItem, *, actor, expected_revision: int | None = None, materials=None, fees=None,
                 halls=None, windows=None, topics=None, **fields) -> ItemVersion:
    """Edit the item's draft (created from the version in force when there is none). Pass the draft's
    `revision` as `expected_revision` to refuse a stale edit (Conflict); materials/fees given replace all rows."""
    _require(actor, item.department)
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        if item.status in (Status.CANCELLED, Status.DELEGATED):
            raise Conflict(f"事项已{item.get_status_display()}，不可再编辑")
        draft = item.versions.select_for_update().filter(state=ItemVersion.State.DRAFT).first()
        if expected_revision is not None and (draft is None or draft.revision != int(expected_revision)):
            raise Conflict("草稿已被他人修改或已发布，请刷新后重新编辑", code="stale",
                           extra={"current_revision": draft.revision if draft else None})
        before = snapshot(draft) if draft else None
        base = None
        if draft is None:
            base = latest_published(item)
            draft = ItemVersion(item=item, **({f: getattr(base, f) for f in VERSION_FIELDS} if base else {}))
        else:
            draft.revision += 1
        _write_draft(draft, fields, materials=materials, fees=fees, halls=halls, windows=windows, topics=topics,
                     base=base)
        record(actor=actor, action="catalog.draft.update", target=draft, before=before, after=snapshot(draft),
               data={"item": item.code, "revision": draft.revision})
    return draft


def discard_draft(item: ServiceItem, *, actor) -> None:
    """Throw away the draft of an item that already has a published version."""
    _require(actor, item.department)
    with transaction.atomic():
        draft = item.versions.select_for_update().filter(state=ItemVersion.State.DRAFT).first()
        if draft is None:
            raise Conflict("没有可放弃的草稿")
        if not item.versions.filter(state=ItemVersion.State.PUBLISHED).exists():
            raise Conflict("事项尚未发布，不能放弃唯一的草稿；如不再需要请取消事项")
        record(actor=actor, action="catalog.draft.discard", target=item, before=snapshot(draft))
        draft.delete()


def latest_published(item: ServiceItem) -> ItemVersion | None:
    return item.versions.filter(state=ItemVersion.State.PUBLISHED).order_by("-number").first()


def version_in_force(item: ServiceItem, on: dt.date | None = None) -> ItemVersion | None:
    """The latest published version whose effective date has come (cases file under this one)."""
    on = on or timezone.localdate()
    return item.versions.filter(state=ItemVersion.State.PUBLISHED, effective_date__lte=on).order_by("-number").first()


# --------------------------------------------------------------------------------------------- publishing
def _make_current(item: ServiceItem, version: ItemVersion) -> None:
    item.current_version = version
    item.name, item.item_type = version.name, version.item_type
    if item.status == Status.DRAFT:
        item.status = Status.ACTIVE
    item.save()
    reindex(item)


def search_text_of(item: ServiceItem, v: ItemVersion, topic_names, material_names, type_label=None) -> str:
    """The normalised text an item is found by (name first: the ranking reads the first segment as the name).
    `type_label`: the item type's label when the caller has it (an import looks the labels up once)."""
    return index_text(v.name, item.code, item.department.name, item.department.short_name,
                      type_label if type_label is not None else v.get_item_type_display(), v.conditions, v.legal_basis, " ".join(topic_names),
                      " ".join(material_names), initials(v.name))


def reindex(item: ServiceItem) -> None:
    """Rebuild the item's search text and bigram tokens from the version in force."""
    v = item.current_version
    if v is None:
        item.search_text = ""
    else:
        item.search_text = search_text_of(item, v, [t.name for t in v.topics.all()],
                                          [m.name for m in v.materials.all()])
    ServiceItem.objects.filter(pk=item.pk).update(search_text=item.search_text)
    SearchToken.objects.filter(item=item).delete()
    SearchToken.objects.bulk_create(SearchToken(item=item, token=t) for t in sorted(index_tokens(item.search_text)))


def publish(item: ServiceItem, effective_date: dt.date, actor, change_note: str = "") -> ItemVersion:
    """Publish the draft as the next version number, effective from `effective_date`. From that date it is the
    version in force (today or earlier: at once; a later date: `activate_due_versions` switches it)."""
    _require(actor, item.department)
    if not isinstance(effective_date, dt.date):
        raise ValidationError({"effective_date": ["请填写有效的生效日期"]})
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        if item.status in (Status.CANCELLED, Status.DELEGATED):
            raise Conflict(f"事项已{item.get_status_display()}，不可发布新版本")
        draft = item.versions.select_for_update().filter(state=ItemVersion.State.DRAFT).first()
        if draft is None:
            raise Conflict("没有待发布的草稿")
        # re-check the whole draft before it becomes immutable
        _validate(draft, [material_dict(m) for m in draft.materials.all()],
                  [{f: getattr(x, f) for f in FEE_FIELDS} for x in draft.fees.all()],
                  list(draft.halls.all()), list(draft.windows.all()))
        draft.number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft.state = ItemVersion.State.PUBLISHED
        draft.effective_date = effective_date
        draft.published_at = timezone.now()
        draft.published_by = actor if getattr(actor, "pk", None) else None
        draft.change_note = change_note[:500]
        draft.save()
        before = _state(item)
        if effective_date <= timezone.localdate():
            _make_current(item, draft)
        if before["status"] != item.status:
            ItemStatusChange.objects.create(item=item, from_status=before["status"], to_status=item.status,
                                            reason=change_note or f"发布第{draft.number}版", actor=draft.published_by)
        record(actor=actor, action="catalog.item.publish", target=draft, before=before, after=_state(item),
               data={"item": item.code, "number": draft.number, "effective_date": effective_date.isoformat(),
                     "snapshot": snapshot(draft)})
    return draft


def activate_due_versions(today: dt.date | None = None) -> int:
    """Make each item's version in force its current version (daily task). Returns how many items changed."""
    today = today or timezone.localdate()
    changed = 0
    for item in ServiceItem.objects.filter(status__in=[Status.DRAFT, Status.ACTIVE, Status.SUSPENDED]):
        v = version_in_force(item, today)
        if v is not None and v.pk != item.current_version_id:
            with transaction.atomic():
                before = _state(item)
                _make_current(item, v)
                record(actor=None, action="catalog.item.activate_version", target=v, before=before,
                       after=_state(item), data={"item": item.code, "number": v.number})
            changed += 1
    return changed


# --------------------------------------------------------------------------------------------- status
def _change_status(item, to_status, *, actor, reason, allowed_from, action, to_region=None, to_department=None):
    _require(actor, item.department)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["请填写原因"]})
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        if item.status not in allowed_from:
            raise Conflict(f"事项当前为“{item.get_status_display()}”，不能{dict(Status.choices)[to_status]}")
        before = _state(item)
        ItemStatusChange.objects.create(item=item, from_status=item.status, to_status=to_status, reason=reason[:500],
                                        to_region=to_region, to_department=to_department,
                                        actor=actor if getattr(actor, "pk", None) else None)
        item.status, item.status_reason = to_status, reason[:500]
        if to_status == Status.DELEGATED:
            item.delegated_to_region, item.delegated_to_department = to_region, to_department
        item.save()
        record(actor=actor, action=action, target=item, before=before, after=_state(item),
               data={"reason": reason, "to_region": getattr(to_region, "code", None),
                     "to_department": getattr(to_department, "code", None)})
    return item


def suspend(item: ServiceItem, *, reason: str, actor) -> ServiceItem:
    """暂停: the item stays in the catalogue, marked suspended; new cases are refused."""
    return _change_status(item, Status.SUSPENDED, actor=actor, reason=reason, allowed_from={Status.ACTIVE},
                          action="catalog.item.suspend")


def resume(item: ServiceItem, *, reason: str, actor) -> ServiceItem:
    return _change_status(item, Status.ACTIVE, actor=actor, reason=reason, allowed_from={Status.SUSPENDED},
                          action="catalog.item.resume")


def cancel(item: ServiceItem, *, reason: str, actor) -> ServiceItem:
    """取消: the item leaves the catalogue for good (its versions stay for the cases that cite them)."""
    return _change_status(item, Status.CANCELLED, actor=actor, reason=reason,
                          allowed_from={Status.DRAFT, Status.ACTIVE, Status.SUSPENDED}, action="catalog.item.cancel")


def delegate(item: ServiceItem, *, reason: str, actor, to_region: Region | None = None,
             to_department: Department | None = None, new_code: str | None = None) -> ServiceItem:
    """下放: the item is delegated to a lower region and/or department. With `new_code` (whose USCC must be
    the receiving department's) a new item is created there as a draft copied from the version in force,
    linked back through `delegated_from`; it returns that new item, otherwise the delegated one."""
    if to_region is None and to_department is None:
        raise ValidationError({"to_department": ["请指定下放至的区划或部门"]})
    if to_department is not None and to_department.pk == item.department_id and to_region is None:
        raise ValidationError({"to_department": ["下放对象不能是本部门"]})
    with transaction.atomic():
        delegated = _change_status(item, Status.DELEGATED, actor=actor, reason=reason,
                                   allowed_from={Status.ACTIVE, Status.SUSPENDED}, action="catalog.item.delegate",
                                   to_region=to_region, to_department=to_department)
        if not new_code:
            return delegated
        if to_department is None:
            raise ValidationError({"to_department": ["创建下级事项须指定承接部门"]})
        base = delegated.current_version
        fields = {f: getattr(base, f) for f in VERSION_FIELDS}
        if to_region is not None and to_region.level == Region.Level.TOWNSHIP:
            fields["level"] = "township"
        new = create_item(code=new_code, department=to_department, actor=None,
                          materials=[material_dict(m) for m in base.materials.all()],
                          fees=[{f: getattr(x, f) for f in FEE_FIELDS} for x in base.fees.all()],
                          topics=list(base.topics.all()), **fields)
        ServiceItem.objects.filter(pk=new.pk).update(delegated_from=delegated)
        new.delegated_from = delegated
        return new


def create_topic(*, code: str, name: str, actor, audience: str = Topic.Audience.BOTH, order: int = 0) -> Topic:
    with transaction.atomic():
        topic = Topic(code=code, name=name, audience=audience, order=order)
        topic.full_clean()
        topic.save()
        record(actor=actor, action="catalog.topic.create", target=topic, after={"code": code, "name": name})
    return topic


def reindex_all() -> int:
    """Rebuild the search index of every item (after a change of the search rules)."""
    n = 0
    for item in ServiceItem.objects.select_related("department", "current_version"):
        reindex(item)
        n += 1
    return n


# Bundles live in their own module; re-exported here so callers find every catalogue action in one place.
from .bundle_services import cancel_bundle, create_bundle, publish_bundle, update_bundle  # noqa: E402,F401



def tag_project_stage(item: ServiceItem, *, stage: str, actor) -> ServiceItem:
    """Tag an item with its construction-approval stage (or "" to untag); the projects app plans stages from it."""
    valid = {code for code, _label in PROJECT_STAGE_CHOICES}
    if stage not in valid:
        raise DomainError("工程建设审批阶段不正确", field="project_stage")
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        before = item.project_stage
        if before == stage:
            return item
        item.project_stage = stage
        item.save(update_fields=["project_stage", "updated_at"])
        record(actor=actor, action="catalog.item.project_stage", target=item, before={"project_stage": before},
               after={"project_stage": stage})
    return item
