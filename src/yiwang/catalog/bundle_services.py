"""一件事 (bundles): service functions that create, edit, publish and cancel them (each audited)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.services import record
from yiwang.org.models import Department

from .models import Bundle, BundleItem, ServiceItem, Topic
from .permissions import NotAllowed, can_manage

Status = ServiceItem.Status


def _resolve(model, values, key, field, label):
    out = []
    for v in values or []:
        obj = v if isinstance(v, model) else model.objects.filter(**{key: v}).first()
        if obj is None:
            raise ValidationError({field: [f"{label}“{v}”不存在"]})
        out.append(obj)
    return out


def _bundle_items(items) -> list[ServiceItem]:
    out = []
    for it in items or []:
        obj = it if isinstance(it, ServiceItem) else ServiceItem.objects.filter(code=it).first()
        if obj is None:
            raise ValidationError({"items": [f"事项“{it}”不存在"]})
        if obj in out:
            raise ValidationError({"items": [f"事项“{obj.name}”重复"]})
        out.append(obj)
    if len(out) < 2:
        raise ValidationError({"items": ["“一件事”至少包含两个事项"]})
    return out


def _bundle_state(b: Bundle) -> dict:
    return {"code": b.code, "name": b.name, "status": b.status, "promised_limit_days": b.promised_limit_days,
            "items": list(b.bundle_items.values_list("item__code", flat=True))}


def create_bundle(*, code: str, name: str, items, actor, description: str = "", topic: Topic | str | None = None,
                  lead_department: Department | None = None, promised_limit_days: int | None = None) -> Bundle:
    """Create a 一件事 (unpublished) over at least two items, in the given order."""
    if not (actor is None or can_manage(actor, lead_department) or any(
            can_manage(actor, i.department) for i in ServiceItem.objects.filter(code__in=[
                getattr(x, "code", x) for x in items or []]))):
        raise NotAllowed("您无权维护“一件事”")
    code, name = (code or "").strip(), (name or "").strip()
    errors = {}
    if not code:
        errors["code"] = ["请填写一件事编码"]
    elif Bundle.objects.filter(code=code).exists():
        errors["code"] = [f"一件事编码 {code} 已存在"]
    if not name:
        errors["name"] = ["请填写名称"]
    if errors:
        raise ValidationError(errors)
    members = _bundle_items(items)
    if isinstance(topic, str):
        topic = _resolve(Topic, [topic], "code", "topic", "主题")[0]
    with transaction.atomic():
        bundle = Bundle.objects.create(code=code, name=name, description=description, topic=topic,
                                       lead_department=lead_department, promised_limit_days=promised_limit_days)
        BundleItem.objects.bulk_create(BundleItem(bundle=bundle, item=it, order=i) for i, it in enumerate(members, 1))
        record(actor=actor, action="catalog.bundle.create", target=bundle, after=_bundle_state(bundle))
    return bundle


def update_bundle(bundle: Bundle, *, actor, items=None, **fields) -> Bundle:
    allowed = {"name", "description", "topic", "lead_department", "promised_limit_days"}
    if set(fields) - allowed:
        raise DomainError(f"不支持的字段：{'、'.join(sorted(set(fields) - allowed))}")
    if actor is not None and not any(can_manage(actor, d) for d in
                                     [bundle.lead_department, *[i.department for i in bundle.items.all()]]):
        raise NotAllowed("您无权维护“一件事”")
    with transaction.atomic():
        bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
        if bundle.status == Bundle.Status.CANCELLED:
            raise Conflict("“一件事”已取消，不可编辑")
        before = _bundle_state(bundle)
        for k, v in fields.items():
            setattr(bundle, k, v)
        bundle.save()
        if items is not None:
            members = _bundle_items(items)
            bundle.bundle_items.all().delete()
            BundleItem.objects.bulk_create(BundleItem(bundle=bundle, item=it, order=i)
                                           for i, it in enumerate(members, 1))
        if bundle.status == Bundle.Status.ACTIVE:
            _check_bundle_publishable(bundle)
        record(actor=actor, action="catalog.bundle.update", target=bundle, before=before, after=_bundle_state(bundle))
    return bundle


def _check_bundle_publishable(bundle: Bundle) -> None:
    not_ready = [bi.item.name for bi in bundle.bundle_items.select_related("item")
                 if bi.item.status != Status.ACTIVE or bi.item.current_version_id is None]
    if not_ready:
        raise Conflict(f"以下事项未发布或不在用，不能发布“一件事”：{'、'.join(not_ready)}")
    limits = [bi.item.current_version.promised_limit_days for bi in bundle.bundle_items.select_related(
        "item__current_version")]
    if bundle.promised_limit_days is not None and limits and bundle.promised_limit_days > max(limits):
        raise ValidationError({"promised_limit_days": [
            f"整体承诺时限（{bundle.promised_limit_days}个工作日）不得超过各事项承诺时限的最大值（{max(limits)}个工作日）"]})


def publish_bundle(bundle: Bundle, *, actor) -> Bundle:
    with transaction.atomic():
        bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
        if bundle.status != Bundle.Status.DRAFT:
            raise Conflict(f"“一件事”当前为“{bundle.get_status_display()}”，不能发布")
        _check_bundle_publishable(bundle)
        before = _bundle_state(bundle)
        bundle.status = Bundle.Status.ACTIVE
        bundle.save()
        record(actor=actor, action="catalog.bundle.publish", target=bundle, before=before, after=_bundle_state(bundle))
    return bundle


def cancel_bundle(bundle: Bundle, *, actor, reason: str) -> Bundle:
    if not (reason or "").strip():
        raise ValidationError({"reason": ["请填写原因"]})
    with transaction.atomic():
        bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
        before = _bundle_state(bundle)
        bundle.status = Bundle.Status.CANCELLED
        bundle.save()
        record(actor=actor, action="catalog.bundle.cancel", target=bundle, before=before,
               after=_bundle_state(bundle), data={"reason": reason})
    return bundle
