"""The demo district's enterprises: two parks, the four demo companies' profiles and a few hundred more with a
district's mix of industries and scales, tags, yearly figures, and commissioners assigned. Idempotent.
Everything goes through the registry's service functions."""
from __future__ import annotations

import random
from collections import Counter

from yiwang.org.identifiers import make_uscc
from yiwang.org.models import Applicant, Department, Park, Region, User

from . import care, services
from .domain import scale as rule
from .models import Enterprise

AREA = "329901"
PARKS = [
    ("MHKJ", "明湖科技园", "science", "明湖科技园管理委员会", "329901001000", "明湖区科技园路1号"),
    ("JTZZ", "金塘智能制造产业园", "industrial", "金塘智能制造产业园管理委员会", "329901102000", "金塘镇园区大道88号"),
]
# (weight, GB/T 4754 code, name words): a district's mix, service-heavy with a manufacturing base.
INDUSTRIES = [
    (14, "6513", ["软件", "数智", "云启", "信息"]), (6, "6520", ["芯原", "微电子"]), (5, "6440", ["网络", "数联"]),
    (5, "3911", ["智能装备", "计算机"]), (5, "3421", ["精工机械", "数控"]), (4, "2927", ["新材料", "塑胶"]),
    (3, "3670", ["汽车零部件", "汽配"]), (3, "3985", ["电子材料", "光电材料"]), (3, "1469", ["食品", "调味品"]),
    (9, "5179", ["贸易", "商贸"]), (8, "5212", ["便利店", "超市"]), (6, "6210", ["餐饮", "美食"]),
    (3, "6110", ["酒店", "宾馆"]), (7, "7243", ["企业管理咨询", "商务咨询"]), (3, "7291", ["旅行社", "国际旅游"]),
    (5, "7520", ["知识产权", "专利代理"]), (3, "7320", ["研究院", "检测技术"]), (3, "4710", ["建设工程", "建筑"]),
    (2, "7020", ["物业管理", "物业服务"]), (2, "5431", ["物流", "运输"]), (2, "8010", ["家政", "居民服务"]),
]
SCALES = [(60, rule.MICRO), (28, rule.SMALL), (10, rule.MEDIUM), (2, rule.LARGE)]
PREFIXES = ["明湖", "江澄", "湖畔", "青枫", "金塘", "白鹭", "新桥", "东苑", "文昌", "澄光", "星湖", "远航", "瑞丰",
            "华泰", "嘉禾", "博远", "启明", "恒信", "卓越", "长青"]
TYPES = ["llc"] * 8 + ["joint_stock", "individual", "partnership", "foreign"]
TAGS = {"6513": ["hnte", "tech_sme"], "6520": ["hnte", "srdi"], "3911": ["srdi"], "3421": ["above_scale"],
        "7320": ["hnte"]}
COUNT = 240


def _figures(r: random.Random, code: str, target: str) -> tuple[int, int, int]:
    """Headcount, revenue and assets (万元) inside the target scale's band of the rule, for this industry."""
    from .domain import industry

    row = industry.by_code()[code]
    group = rule.rule_group(row.section, code) or "other"
    bounds = {b.indicator: b for b in rule.RULES[group][1]}

    def pick(indicator, default_hi):
        b = bounds.get(indicator)
        if b is None:
            return r.randint(1, default_hi)
        lo, hi = {rule.MICRO: (1, b.small - 1), rule.SMALL: (b.small, b.medium - 1),
                  rule.MEDIUM: (b.medium, b.large - 1), rule.LARGE: (b.large, b.large * 3)}[target]
        return r.randint(max(lo, 1), max(hi, lo, 1))
    head = pick(rule.HEADCOUNT, {rule.MICRO: 9, rule.SMALL: 60, rule.MEDIUM: 200, rule.LARGE: 900}[target])
    revenue = pick(rule.REVENUE, {rule.MICRO: 80, rule.SMALL: 900, rule.MEDIUM: 8000, rule.LARGE: 60000}[target])
    assets = pick(rule.ASSETS, revenue * 2)
    return head, revenue, assets


def load(actor) -> Counter:
    made = Counter()
    district = Region.objects.filter(code=f"{AREA}000000").first()
    if district is None:
        return made
    for code, name, kind, body, region, address in PARKS:
        if not Park.objects.filter(code=code).exists():
            Park.objects.create(code=code, name=name, kind=kind, managing_body=body, address=address,
                                region=Region.objects.get(code=region),
                                managing_department=Department.objects.filter(code="ZWB").first())
            made["园区"] += 1
    parks = list(Park.objects.filter(code__in=[p[0] for p in PARKS]).order_by("code"))
    # The demo companies (legal-person applicants) get their profiles first.
    company_industry = {"江澄星辰科技有限公司": ("6513", "MHKJ"), "明湖湖畔味道餐饮管理有限公司": ("6210", None),
                        "江澄明湖建工集团有限公司": ("4710", None), "明湖区青枫镇青枫村股份经济合作社": ("0190", None)}
    for a in Applicant.objects.filter(kind=Applicant.Kind.LEGAL, name__in=company_industry):
        if Enterprise.objects.filter(uscc=a.id_number).exists():
            continue
        code, park = company_industry[a.name]
        e = services.register_enterprise(
            actor=actor, uscc=a.id_number, name=a.name, industry=code, legal_representative=a.legal_representative,
            address=a.address, region=a.region, park=Park.objects.filter(code=park).first() if park else None,
            entity_type="cooperative" if a.id_number.startswith("N") else "llc", founded_on="2016-05-20",
            business_scope=a.business_scope, registered_capital="1000")
        services.record_yearly_figures(e, actor=actor, year=2025, headcount=45, revenue="1800", total_assets="2600",
                                       tax_paid="96")
        made["企业档案"] += 1
    r = random.Random(20261201)
    weights, codes = [w for w, _c, _n in INDUSTRIES], [(c, n) for _w, c, n in INDUSTRIES]
    towns = list(Region.objects.filter(parent=district).order_by("code"))
    for i in range(COUNT):
        code, words = r.choices(codes, weights)[0]
        target = r.choices([s for _w, s in SCALES], [w for w, _s in SCALES])[0]
        uscc = make_uscc(f"91{AREA}MA1{i + 100:05d}Q"[:17])
        name = f"{PREFIXES[i % len(PREFIXES)]}{r.choice(words)}{'有限公司' if i % 9 else '股份有限公司'}"
        if Enterprise.objects.filter(uscc=uscc).exists():
            continue
        if Enterprise.objects.filter(name=name).exists():
            name = name.replace("有限公司", f"（{i}号）有限公司")
        park = parks[i % 2] if i % 3 == 0 else None
        e = services.register_enterprise(
            actor=actor, uscc=uscc, name=name, industry=code, entity_type=TYPES[i % len(TYPES)],
            legal_representative=r.choice("王李张刘陈杨赵黄周吴") + r.choice(["伟", "芳", "娜", "敏", "静", "强", "磊", "军"]),
            founded_on=f"{r.randint(2000, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            registered_capital=str(r.choice([50, 100, 200, 500, 1000, 3000, 5000])), park=park,
            region=park.region if park else towns[i % len(towns)], address=f"明湖区{r.choice(['湖滨路', '文昌路', '金塘大道', '青枫路'])}{r.randint(1, 999)}号")
        head, revenue, assets = _figures(r, code, target)
        services.record_yearly_figures(e, actor=actor, year=2024, headcount=max(head - r.randint(0, 3), 0),
                                       revenue=revenue * 0.9, total_assets=assets, tax_paid=round(revenue * 0.04, 2))
        services.record_yearly_figures(e, actor=actor, year=2025, headcount=head, revenue=revenue,
                                       total_assets=assets, tax_paid=round(revenue * 0.05, 2))
        for tag in TAGS.get(code, [])[: 1 + (target in (rule.MEDIUM, rule.LARGE))]:
            services.add_tag(e, actor=actor, tag=tag, valid_from=f"{r.randint(2022, 2025)}-12-01")
        made["企业档案"] += 1
    commissioners = {u.username: u for u in User.objects.filter(username__in=["commissioner01", "commissioner02"])}
    if "commissioner01" in commissioners:
        made["服务专员分配"] += care.assign_by(actor=_centre(actor), commissioner=commissioners["commissioner01"],
                                         park=parks[0].pk)
        star = Enterprise.objects.filter(name="江澄星辰科技有限公司").first()
        if star:
            made["服务专员分配"] += care.assign_commissioner([star], actor=_centre(actor),
                                                     commissioner=commissioners["commissioner01"])
    if "commissioner02" in commissioners:
        made["服务专员分配"] += care.assign_by(actor=_centre(actor), commissioner=commissioners["commissioner02"],
                                         park=parks[1].pk)
    return +made


def _centre(actor):
    return User.objects.filter(username="qyfw").first() or actor
