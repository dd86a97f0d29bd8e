"""Published items and helpers for the cases tests."""
from datetime import date
from itertools import count
from types import SimpleNamespace

from yiwang.catalog.models import Bundle, BundleItem, ItemVersion, Material, ServiceItem
from yiwang.cases import services
from yiwang.cases.models import Case

_seq = count(1)
MON = date(2026, 3, 2)  # a Monday in an ordinary week of 2026


def pdf(tag: str = "x") -> tuple:
    return (f"{tag}.pdf", b"%PDF-1.7\n" + tag.encode() * 10, "application/pdf")


def make_item(department, *, tier="two_step", limit=20, materials=None, commitment_allowed=False, name=None,
              remedy="如不服本决定，可在六十日内申请行政复议，或在六个月内依法提起行政诉讼。"):
    n = next(_seq)
    item = ServiceItem.objects.create(code=f"TEST-{n:04d}", department=department, name=name or f"测试事项{n}",
                                      item_type=1, status=ServiceItem.Status.ACTIVE)
    v = ItemVersion.objects.create(item=item, number=1, state=ItemVersion.State.PUBLISHED, effective_date=MON,
                                   name=item.name, item_type=1, legal_limit_days=max(limit, 20),
                                   promised_limit_days=limit, approval_tier=tier,
                                   commitment_allowed=commitment_allowed, remedy=remedy)
    for i, spec in enumerate(materials or [{"name": "申请表", "is_key": True}, {"name": "平面图", "deferrable": True}]):
        Material.objects.create(version=v, order=i, **spec)
    item.current_version = v
    item.save()
    return v


def mats(version):
    return list(version.materials.order_by("order"))


def build_items(org):
    return SimpleNamespace(
        one=make_item(org.market, tier="one_step", limit=0),
        two=make_item(org.market, tier="two_step"),
        three=make_item(org.market, tier="three_step"),
        commit=make_item(org.market, commitment_allowed=True, materials=[
            {"name": "申请表", "is_key": True},
            {"name": "场所证明", "commitment_replaceable": True},
            {"name": "平面图", "deferrable": True}]),
        health=make_item(org.health),
    )


def file_all(org, version, *, key=None, applicant=None, submitter=None, today=MON, skip=(), **kw) -> Case:
    """File a case with every material provided except `skip` (material orders)."""
    files = {m.pk: pdf(f"{m.name}{m.pk}") for m in mats(version) if m.order not in skip}
    return services.submit_case(submitter=submitter or org.person_user, applicant=applicant or org.person,
                                item_version=version, idempotency_key=key or f"k{next(_seq)}", files=files,
                                today=today, **kw)


def accepted(org, version, *, today=MON, clerk=None, **kw) -> Case:
    case = file_all(org, version, today=today, **kw)
    return services.accept(case, actor=clerk or org.clerk, expected_version=case.version, today=today)


def make_bundle(org, versions):
    b = Bundle.objects.create(code=f"B{next(_seq)}", name="开办餐饮店一件事", status=Bundle.Status.ACTIVE)
    for i, v in enumerate(versions):
        BundleItem.objects.create(bundle=b, item=v.item, order=i)
    return b
