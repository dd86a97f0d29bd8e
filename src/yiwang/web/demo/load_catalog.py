"""Write the demo catalogue through the catalogue's service functions: topics, items (created and published
once: by code, and only when no published version exists) and bundles (created and published once, by code)."""
from __future__ import annotations

from collections import Counter

from django.utils import timezone

from yiwang.catalog import services
from yiwang.catalog.domain.codes import make_item_code
from yiwang.catalog.models import Bundle, ItemVersion, ServiceItem, Topic

from . import org_data as D
from .spec import REMEDY, STEPS, TYPE_LETTERS, ItemSpec
from .themes import BUNDLES, TOPICS

LEGAL_FORM = ["单位名称", "统一社会信用代码", "法定代表人", "经办人姓名", "经办人联系电话", "联系地址"]
NATURAL_FORM = ["申请人姓名", "公民身份号码", "联系电话", "联系地址"]
COMMUNITY_HALLS = ["SQ-MH", "SQ-QF"]
DEPARTMENT_INDEX = {row[0]: i for i, row in enumerate(D.DEPARTMENTS, 1)}
TOPIC_AUDIENCE = {t.code: t.audience for t in TOPICS}


def item_code(spec: ItemSpec, uscc: str) -> str:
    """事项编码 of a demo item: a fictional 14-character basic code (area prefix, department number, type letter
    and number, sequence), the district's area code, the department's USCC, the sequence and handling code 00."""
    basic = (f"{D.AREA[:2]}{DEPARTMENT_INDEX[spec.department]:03d}{TYPE_LETTERS[spec.item_type]}"
             f"{spec.item_type:02d}{spec.seq:03d}000")
    return make_item_code(basic, D.DISTRICT_CODE, uscc, spec.seq, "00")


def _is_legal(spec: ItemSpec) -> bool:
    if any(m.name == "营业执照" for m in spec.materials):
        return True
    return bool(spec.topics) and TOPIC_AUDIENCE.get(spec.topics[0]) == "legal"


def version_fields(spec: ItemSpec, phone: str) -> dict:
    return {
        "name": spec.name,
        "item_type": spec.item_type,
        "level": spec.level,
        "legal_basis": spec.legal_basis,
        "legal_limit_days": spec.legal_limit,
        "promised_limit_days": spec.promised_limit,
        "approval_tier": spec.tier,
        "fully_online": spec.fully_online,
        "max_visits": spec.max_visits,
        "on_the_spot": spec.on_the_spot,
        "advance_service": spec.advance_service,
        "same_year_landing": spec.same_year_landing,
        "express": spec.express,
        "conditions": spec.conditions or "符合法律法规规定条件的申请人均可申请。",
        "steps": "\n".join(STEPS[spec.tier]),
        "form_fields": "\n".join(spec.form_fields or (LEGAL_FORM if _is_legal(spec) else NATURAL_FORM)),
        "is_free": spec.is_free,
        "service_8x365": spec.fully_online,
        "holiday_service": spec.holiday_service,
        "holiday_note": "法定节假日在区行政服务中心提供服务" if spec.holiday_service else "",
        "appointment_required": spec.appointment_required,
        "consult_phone": phone,
        "remedy": REMEDY,
        "commitment_allowed": spec.commitment_allowed,
        "risk_domain": spec.risk_domain,
    }


def material_rows(spec: ItemSpec) -> list[dict]:
    return [{
        "code": m.code, "name": m.name, "requirement": "conditional" if m.condition else "required",
        "condition": m.condition, "originals": m.originals, "copies": m.copies,
        "exempt_by_sharing": m.exempt_by_sharing, "sharing_source": m.sharing_source, "is_key": m.is_key,
        "deferrable": m.deferrable, "commitment_replaceable": m.commitment_replaceable,
    } for m in spec.materials]


class CatalogLoader:
    def __init__(self, actor, departments: dict):
        self.actor = actor
        self.departments = departments
        self.created: Counter = Counter()
        self.items: dict[str, ServiceItem] = {}

    def load(self, items: list[ItemSpec]) -> None:
        self.load_topics()
        self.load_items(items)
        self.load_bundles()

    def load_topics(self) -> None:
        existing = set(Topic.objects.values_list("code", flat=True))
        for t in TOPICS:
            if t.code not in existing:
                services.create_topic(code=t.code, name=t.name, audience=t.audience, order=t.order, actor=self.actor)
                self.created["topics"] += 1

    def load_items(self, items: list[ItemSpec]) -> None:
        codes = {spec.key: item_code(spec, self.departments[spec.department].uscc) for spec in items}
        existing = {i.code: i for i in ServiceItem.objects.filter(code__in=codes.values())}
        published = set(ItemVersion.objects.filter(item__code__in=codes.values(), state=ItemVersion.State.PUBLISHED)
                        .values_list("item__code", flat=True))
        today = timezone.localdate()
        for spec in items:
            code = codes[spec.key]
            dept = self.departments[spec.department]
            obj = existing.get(code)
            if obj is None:
                obj = services.create_item(
                    code=code, department=dept, actor=self.actor, materials=material_rows(spec),
                    fees=[{"name": f.name, "standard": f.standard, "basis": f.basis} for f in spec.fees],
                    halls=["MHZX", *(COMMUNITY_HALLS if spec.community else [])], topics=list(spec.topics),
                    **version_fields(spec, dept.phone))
                self.created["items"] += 1
            if code not in published and services.get_draft(obj) is not None:
                services.publish(obj, effective_date=today, actor=self.actor, change_note="示范区初始事项目录")
                self.created["published"] += 1
            self.items[spec.key] = obj

    def load_bundles(self) -> None:
        for b in BUNDLES:
            bundle = Bundle.objects.filter(code=b.code).first()
            if bundle is None:
                bundle = services.create_bundle(
                    code=b.code, name=b.name, description=b.description, topic=b.topic, actor=self.actor,
                    items=[self.items[k] for k in b.items], lead_department=self.departments[b.lead_department],
                    promised_limit_days=b.promised_limit)
                self.created["bundles"] += 1
            if bundle.status == Bundle.Status.DRAFT:
                services.publish_bundle(bundle, actor=self.actor)
                self.created["bundles_published"] += 1
