"""The item list (抽查事项清单), the other-objects directory, the inspector directory and declared conflicts."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from yiwang.org.models import Department

from ..models import Conflict as ConflictRow
from ..models import Inspector, Item, ItemKind, ObjectKind, OtherObject
from .common import DomainError, audit, check_version, require_manager, text, today_or

OBJECT_KINDS = {k.value for k in ObjectKind}


def _department(department) -> Department:
    if isinstance(department, str):
        department = Department.objects.filter(code=department).first()
    if department is None:
        raise DomainError("请选择部门", field="department")
    return department


@transaction.atomic
def save_item(*, actor, department, code: str, name: str, legal_basis: str, object_kinds, content: str,
              method: str, kind: str = ItemKind.GENERAL, item: Item | None = None,
              expected_version=None) -> Item:
    department = _department(department)
    require_manager(actor, department.pk, "抽查事项")
    code = text(code, "code", "事项编码", max_length=30)
    kinds = list(object_kinds or [])
    if not kinds or any(k not in OBJECT_KINDS for k in kinds):
        raise DomainError("请选择检查对象类别（市场主体、产品、工程项目、场所）", field="object_kinds")
    if kind not in ItemKind.values:
        raise DomainError("事项类别应为一般检查事项或重点检查事项", field="kind")
    fields = dict(name=text(name, "name", "抽查事项"), legal_basis=text(legal_basis, "legal_basis", "检查依据",
                                                                     max_length=500),
                  content=text(content, "content", "检查内容", max_length=2000),
                  method=text(method, "method", "检查方式"), object_kinds=kinds, kind=kind, department=department)
    if item is None:
        if Item.objects.filter(code=code).exists():
            raise DomainError(f"事项编码“{code}”已存在", field="code")
        item = Item.objects.create(code=code, **fields)
        audit(actor=actor, action="inspections.item.add", target=item, after={"code": code, "kind": kind})
        return item
    item = Item.objects.select_for_update().get(pk=item.pk)
    check_version(item, expected_version, "抽查事项")
    for k, v in fields.items():
        setattr(item, k, v)
    item.version += 1
    item.save()
    audit(actor=actor, action="inspections.item.change", target=item, after={"code": item.code, "kind": kind})
    return item


@transaction.atomic
def add_object(*, actor, kind: str, code: str, name: str, owner_uscc: str = "", industry_section: str = "",
               region=None, park=None, scale: str = "", risk_class: str = "", licences=(), address: str = "",
               department=None) -> OtherObject:
    if department is not None:
        require_manager(actor, _department(department).pk, "检查对象")
    if kind not in OBJECT_KINDS - {ObjectKind.ENTERPRISE}:
        raise DomainError("其他检查对象的类别应为产品、工程项目或场所（市场主体来自企业库）", field="kind")
    code = text(code, "code", "对象编码", max_length=40)
    if OtherObject.objects.filter(code=code).exists():
        raise DomainError(f"对象编码“{code}”已存在", field="code")
    if risk_class and risk_class not in "ABCD":
        raise DomainError("风险分类应为A、B、C或D", field="risk_class")
    obj = OtherObject.objects.create(kind=kind, code=code, name=text(name, "name", "名称"), owner_uscc=owner_uscc,
                                     industry_section=industry_section, region=region, park=park, scale=scale,
                                     risk_class=risk_class, licences=list(licences), address=address)
    audit(actor=actor, action="inspections.object.add", target=obj, after={"code": code, "kind": kind})
    return obj


@transaction.atomic
def save_inspector(*, actor, department, name: str, cert_no: str, user=None, fields=(), available: bool = True,
                   unavailable_reason: str = "", inspector: Inspector | None = None,
                   expected_version=None) -> Inspector:
    department = _department(department)
    require_manager(actor, department.pk, "执法人员名录")
    cert_no = text(cert_no, "cert_no", "执法证号", max_length=30)
    if not available and not str(unavailable_reason).strip():
        raise DomainError("请注明不能参加抽查的原因（如休假、培训）", field="unavailable_reason")
    values = dict(department=department, name=text(name, "name", "姓名", max_length=50), user=user,
                  fields=list(fields), available=available, unavailable_reason=str(unavailable_reason)[:100])
    clash = Inspector.objects.filter(cert_no=cert_no)
    if inspector is None:
        if clash.exists():
            raise DomainError(f"执法证号“{cert_no}”已在名录中", field="cert_no")
        inspector = Inspector.objects.create(cert_no=cert_no, **values)
        audit(actor=actor, action="inspections.inspector.add", target=inspector, after={"cert_no": cert_no})
        return inspector
    inspector = Inspector.objects.select_for_update().get(pk=inspector.pk)
    check_version(inspector, expected_version, "执法人员信息")
    if clash.exclude(pk=inspector.pk).exists():
        raise DomainError(f"执法证号“{cert_no}”已在名录中", field="cert_no")
    for k, v in values.items():
        setattr(inspector, k, v)
    inspector.cert_no = cert_no
    inspector.version += 1
    inspector.save()
    audit(actor=actor, action="inspections.inspector.change", target=inspector,
          after={"cert_no": cert_no, "available": available})
    return inspector


@transaction.atomic
def declare_conflict(*, actor, inspector: Inspector, object_code: str, kind: str, note: str = "",
                     declared_on: dt.date | None = None) -> ConflictRow:
    require_manager(actor, inspector.department_id, "执法人员名录")
    if kind not in ConflictRow.Kind.values:
        raise DomainError("请选择利害关系类别（近亲属、曾任职、持股或投资、其他）", field="kind")
    row = ConflictRow.objects.create(inspector=inspector, object_code=text(object_code, "object_code", "对象代码",
                                                                             max_length=40).upper(),
                                     kind=kind, note=str(note)[:200], declared_on=today_or(declared_on))
    audit(actor=actor, action="inspections.conflict.declare", target=row,
          after={"inspector": inspector.cert_no, "object": row.object_code, "kind": kind})
    return row


@transaction.atomic
def end_conflict(*, actor, conflict: ConflictRow, ended_on: dt.date | None = None) -> ConflictRow:
    require_manager(actor, conflict.inspector.department_id, "执法人员名录")
    conflict.ended_on = today_or(ended_on)
    conflict.save(update_fields=["ended_on"])
    audit(actor=actor, action="inspections.conflict.end", target=conflict, after={"ended_on": conflict.ended_on})
    return conflict
