"""Who takes part in the demo history: the items people apply for (a few popular, most rare), the halls and their
clerks, each department's step holders, the supervisor, and the applicants — the demo's own account holders and a
crowd of walk-in residents and enterprises without accounts, who apply at the windows."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from yiwang.cases.synth.store import _person_name
from yiwang.org.identifiers import make_ric, make_uscc

from . import org_data as D

WALK_IN_PERSONS = 160
WALK_IN_COMPANIES = 40
_STREETS = ["湖滨路", "文昌路", "东苑路", "枫林路", "金塘大道", "白鹭路", "新桥街", "明湖大道"]
_TRADES = [("餐饮管理", "餐饮服务；食品销售"), ("商贸", "日用百货销售"), ("建筑装饰工程", "建筑装饰工程施工"),
           ("信息科技", "软件开发；信息技术服务"), ("物流", "普通货物道路运输"), ("文化传媒", "文艺创作；广告设计"),
           ("健康管理", "健康咨询服务"), ("教育科技", "教育咨询服务（不含培训）")]


@dataclass
class Item:
    version: object
    tier: str
    halls: list[int]
    licensing: bool


@dataclass
class Applicant:
    applicant: object
    user: object | None  # who files online for them (own account or an agent); None: walk-in only


@dataclass
class Cast:
    items: list[Item]
    weights: list[float]
    clerks: dict[int, list[tuple[object, object, bool]]]  # hall pk → (user, window, window officer)
    staff: dict[int, dict[str, list[object]]]  # department pk → role → users
    supervisor: object
    account_holders: list[Applicant]
    walk_ins: list[Applicant]
    created: int = 0
    halls: dict[int, object] = field(default_factory=dict)

    @classmethod
    def gather(cls, rng: random.Random, *, clock, day) -> Cast:
        from django.db.models import F

        from yiwang.catalog.models import ItemType, ItemVersion
        from yiwang.org.models import Hall, Role, StaffRole, User

        halls = {h.pk: h for h in Hall.objects.all()}
        clerks: dict[int, list] = {}
        for r in StaffRole.objects.filter(role=Role.CLERK, hall__isnull=False).select_related("user", "window") \
                .order_by("user__username"):
            clerks.setdefault(r.hall_id, []).append((r.user, r.window, r.is_window_officer))
        officer_halls = sorted(h for h, rows in clerks.items() if any(o for *_, o in rows))
        staff: dict[int, dict[str, list]] = {}
        for r in StaffRole.objects.filter(role__in=[Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER]) \
                .select_related("user").order_by("user__username"):
            staff.setdefault(r.department_id, {}).setdefault(r.role, []).append(r.user)
        items = []
        for v in (ItemVersion.objects.filter(state=ItemVersion.State.PUBLISHED, item__status="active",
                                             item__current_version=F("pk"), item__department__region__code__startswith=D.AREA)
                  .select_related("item__department__region").prefetch_related("materials", "halls")
                  .order_by("item__code")):
            holders = staff.get(v.item.department_id, {})
            if v.approval_tier != "one_step" and not all(holders.get(r) for r in (Role.REVIEWER, Role.SECTION_HEAD,
                                                                                    Role.UNIT_LEADER)):
                continue
            hall_ids = [h.pk for h in v.halls.all() if h.pk in clerks] or sorted(clerks)
            if v.approval_tier == "one_step":
                hall_ids = [h for h in hall_ids if h in officer_halls] or officer_halls
            if not hall_ids:
                continue
            items.append(Item(v, v.approval_tier, hall_ids, v.item_type == ItemType.LICENSING))
        order = list(range(len(items)))
        rng.shuffle(order)
        weights = [0.0] * len(items)
        main = {row[0]: 4.0 if row[0] == "SCJ" else 2.0 for row in D.MAIN_DEPARTMENTS}
        for rank, i in enumerate(order, 1):  # a few items take most cases (Zipf-like) …
            v = items[i].version
            # … more of them in the departments whose people the demo names, and in items that take days
            weights[i] = (1.0 / rank ** 0.8) * main.get(v.item.department.code, 1.0) * \
                (2.0 if (v.promised_limit_days or 0) >= 5 else 1.0)
        supervisor = User.objects.filter(staff_roles__role=Role.SUPERVISOR, is_active=True).order_by("username").first()
        holders, walk_ins, created = _applicants(rng)
        return cls(items, weights, clerks, staff, supervisor, holders, walk_ins, created, halls)

    def item(self, rng: random.Random) -> Item:
        return rng.choices(self.items, weights=self.weights)[0]

    def holder(self, item_version, role: str, rng: random.Random):
        return rng.choice(self.staff[item_version.item.department_id][role])


def _applicants(rng: random.Random) -> tuple[list[Applicant], list[Applicant], int]:
    from yiwang.org.models import Applicant as A, Region

    holders = []
    from django.db.models import Q

    for a in A.objects.filter(Q(user__isnull=False) | Q(agents__isnull=False)).distinct() \
            .select_related("user").prefetch_related("agents").order_by("pk"):
        user = a.user or next(iter(a.agents.all()), None)
        if user is not None:
            holders.append(Applicant(a, user))
    regions = list(Region.objects.filter(code__startswith=D.AREA, level__gte=3).order_by("code"))
    taken = set(A.objects.values_list("id_number", flat=True))
    walk_ins, created = [], 0
    for n in range(WALK_IN_PERSONS + WALK_IN_COMPANIES):
        region = rng.choice(regions)
        address = f"江澄市明湖区{rng.choice(_STREETS)}{rng.randint(1, 300)}号"
        if n < WALK_IN_PERSONS:
            while True:
                birth = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                ric = make_ric(f"{D.AREA}{birth}{rng.randint(1, 999):03d}")
                if ric not in taken:
                    break
            a = A(kind=A.Kind.NATURAL, name=_person_name(rng), id_number=ric, region=region, address=address,
                  phone=f"139{rng.randint(10000000, 99999999)}",  # most residents leave a phone, few an e-mail
                  email=f"p{n:03d}@walkin.example.cn" if rng.random() < 0.2 else "")
        else:
            while True:
                uscc = make_uscc(f"91{D.AREA}MA1{rng.choice('ABCDEFGHJKLMNPQRTUWXY')}{rng.randint(10000, 99999)}")
                if uscc not in taken:
                    break
            trade, scope = rng.choice(_TRADES)
            town = region.name.removesuffix("村村委会").removesuffix("社区居委会").removesuffix("街道").removesuffix("镇")
            a = A(kind=A.Kind.LEGAL, name=f"江澄{town}{rng.choice('华盛鑫源泰恒瑞丰安达')}{trade}有限公司",
                  id_number=uscc, legal_representative=_person_name(rng), business_scope=scope, region=region,
                  address=address, phone=f"0571-5{rng.randint(1000000, 9999999)}",
                  email=f"c{n:03d}@walkin.example.cn")
        taken.add(a.id_number)
        a.full_clean()
        a.save()
        walk_ins.append(Applicant(a, None))
        created += 1
    return holders, walk_ins, created
