"""A dozen policies of the seed kinds over the demo enterprises (高新技术企业认定奖励, 专精特新 reward, 稳岗 返还,
房租减免 for small and micro enterprises in the science park, 研发费用加计扣除 reminder …), matched and pushed, with one
免申即享 round done (proposed by fgw_policy, one enterprise excluded with a reason, confirmed by fgw_policy2), two
rounds awaiting their officers (one submitted by fgw_policy for fgw_policy2 to confirm, one proposed and still
to be reviewed by fgw_policy), an 即申即享 grant, an open objection. Idempotent (keyed by document number and title). All through the services."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from yiwang.catalog.models import ServiceItem
from yiwang.enterprises.models import Enterprise
from yiwang.org.models import Department, User

from . import services
from .models import GrantRound, Policy

NOT_SERIOUS = {"!": {"serious_dishonest": []}}

# (number, title, lead, mode, issued days ago, published after days (None: draft), themes, summary, rule, benefits,
#  catalogue item name, effective days)
POLICIES = [
    ("明府发〔2026〕7号", "高新技术企业认定奖励", "FGW", "auto", 75, 12, "科技创新、高新技术企业",
     "对首次通过认定的高新技术企业给予一次性奖励，免申即享。",
     {"and": [{"has_tag": ["hnte"]}, NOT_SERIOUS]},
     [{"kind": "reward", "description": "首次认定的高新技术企业一次性奖励", "amount_type": "fixed", "amount": "20"}], None, 730),
    ("明经发〔2026〕11号", "专精特新中小企业一次性奖励", "FGW", "auto", 40, 9, "专精特新、中小企业",
     "对新认定的省级专精特新中小企业给予一次性奖励。",
     {"and": [{"has_tag": ["srdi"]}, NOT_SERIOUS]},
     [{"kind": "reward", "description": "省级专精特新中小企业一次性奖励", "amount_type": "fixed", "amount": "30"}], None, 730),
    ("明人社发〔2026〕5号", "中小微企业稳岗返还", "RSJ", "instant", 60, 20, "稳就业、中小微企业",
     "上年度未裁员或裁员率低于规定的中小微企业，按规模定额返还失业保险费，一键确认即享。",
     {"and": [{"in": [{"var": "scale"}, ["small", "micro"]]}, {">=": [{"var": "figures.2025.headcount"}, 10]},
              NOT_SERIOUS]},
     [{"kind": "subsidy", "description": "失业保险稳岗返还", "amount_type": "share", "figure": "figures.2025.tax_paid",
       "rate": "0.05", "cap": "10"}], None, 365),
    ("明科园发〔2026〕2号", "明湖科技园小微企业房租减免", "FGW", "auto", 30, 5, "园区、房租减免、小微企业",
     "对入驻明湖科技园的小型、微型企业减免3个月房租。",
     {"and": [{"in": [{"var": "park"}, ["MHKJ"]]}, {"in": [{"var": "scale"}, ["small", "micro"]]},
              {"in": [{"var": "status"}, ["active"]]}]},
     [{"kind": "rent", "description": "减免3个月房租", "amount_type": "fixed", "amount": "3"}], None, 180),
    ("明税发〔2026〕3号", "研发费用加计扣除政策提醒", "SWJU", "apply", 90, 6, "税费减免、研发投入",
     "科技型中小企业和高新技术企业研发费用按100%在税前加计扣除，年度汇算清缴时申报享受。",
     {"or": [{"has_tag": ["hnte"]}, {"has_tag": ["tech_sme"]}]},
     [{"kind": "tax", "description": "研发费用按100%税前加计扣除", "amount_type": "per_application"}],
     "新办纳税人涉税信息确认", 1095),
    ("明人社发〔2026〕8号", "企业职工职业技能培训补贴", "RSJ", "apply", 50, 14, "稳就业、技能培训",
     "企业组织职工参加职业技能培训并取得证书的，按人按标准给予补贴。",
     {"and": [{">=": [{"var": "figures.2025.headcount"}, 20]}, NOT_SERIOUS]},
     [{"kind": "subsidy", "description": "职业技能培训补贴（按取证人数核定）", "amount_type": "per_application"}],
     "职业技能提升补贴申领", 365),
    ("明发改发〔2026〕15号", "软件和信息技术服务业营收增长奖励", "FGW", "apply", 45, 10, "数字经济、软件",
     "软件和信息技术服务业企业上年度营业收入达到1000万元的，按营业收入的1%给予奖励，最高50万元。",
     {"and": [{"prefix_in": [{"var": "industry"}, ["I65"]]}, {">=": [{"var": "figures.2025.revenue"}, 1000]}]},
     [{"kind": "reward", "description": "营收增长奖励", "amount_type": "share", "figure": "figures.2025.revenue",
       "rate": "0.01", "cap": "50"}], "企业投资项目备案", 365),
    ("明经发〔2026〕19号", "规上工业企业技术改造补助", "FGW", "apply", 20, 4, "制造业、技术改造",
     "规模以上工业企业实施技术改造项目的，按设备投资的10%给予补助。",
     {"and": [{"prefix_in": [{"var": "industry"}, ["C"]]}, {">=": [{"var": "figures.2025.revenue"}, 2000]}]},
     [{"kind": "subsidy", "description": "技术改造设备投资补助（按项目核定）", "amount_type": "per_application"}],
     "企业投资项目备案", 730),
    ("明财发〔2026〕6号", "小微企业贷款贴息", "CZJ", "instant", 35, 8, "融资、小微企业",
     "信用良好的小型、微型企业获得银行贷款的，按贷款利息的50%给予贴息。",
     {"and": [{"in": [{"var": "scale"}, ["small", "micro"]]}, {"credit_at_least": ["B"]}, NOT_SERIOUS]},
     [{"kind": "interest", "description": "贷款贴息", "amount_type": "fixed", "amount": "2"}], None, 365),
    ("明科发〔2026〕9号", "科技型中小企业创新券", "FGW", "instant", 25, 3, "科技创新、中小企业",
     "软件、研发和电子信息领域的小型、微型企业可申领创新券，用于购买研发检测服务。",
     {"and": [{"prefix_in": [{"var": "industry"}, ["I65", "M73", "C39"]]},
              {"in": [{"var": "scale"}, ["small", "micro"]]}]},
     [{"kind": "service", "description": "创新券（研发检测服务）", "amount_type": "fixed", "amount": "5"}], None, 365),
    ("明商务发〔2025〕21号", "餐饮企业纾困补贴", "SWW", "auto", 400, 45, "纾困、餐饮",
     "受疫情影响较重的小微餐饮企业给予一次性补贴（已到期）。",
     {"and": [{"prefix_in": [{"var": "industry"}, ["H62"]]}, {"in": [{"var": "scale"}, ["small", "micro"]]}]},
     [{"kind": "subsidy", "description": "一次性纾困补贴", "amount_type": "fixed", "amount": "2"}], None, 300),
    ("明府发〔2026〕12号", "新办企业开办补贴", "SCJ", "instant", 10, None, "企业开办",
     "成立不满1年的小微企业给予开办补贴（草稿，待发布）。",
     {"and": [{"<=": [{"var": "age_years"}, 0]}, {"in": [{"var": "scale"}, ["small", "micro"]]}]},
     [{"kind": "subsidy", "description": "开办补贴", "amount_type": "fixed", "amount": "0.5"}], None, 365),
]


def load(actor) -> Counter:
    made = Counter()
    officer = User.objects.filter(username="policy").first()
    proposer, confirmer = (User.objects.filter(username=u).first() for u in ("fgw_policy", "fgw_policy2"))
    if officer is None or not Enterprise.objects.exists():
        return made
    today = timezone.localdate()
    for (number, title, lead, mode, issued_ago, published_after, themes, summary, rule, benefits, item,
         days) in POLICIES:
        dep = Department.objects.filter(code=lead).first()
        if dep is None or Policy.objects.filter(number=number, title=title).exists():
            continue
        issued = today - dt.timedelta(days=issued_ago)
        p = services.create_policy(actor=officer, number=number, title=title, lead_department=dep, mode=mode,
                                   summary=summary, themes=themes, issued_on=issued, effective_from=issued,
                                   effective_to=issued + dt.timedelta(days=days),
                                   body=f"{summary}\n\n具体条件、标准和办理方式见本政策附件。",
                                   catalog_item=ServiceItem.objects.filter(name=item).first() if item else None)
        services.set_rule(p, actor=officer, rule=rule)
        services.set_benefits(p, actor=officer, benefits=benefits)
        made["惠企政策"] += 1
        if published_after is None:
            continue
        day = issued + dt.timedelta(days=published_after)
        expired = p.effective_to < today
        if expired:  # published in its time, then ran out
            p.effective_to = today + dt.timedelta(days=1)
            p.save(update_fields=["effective_to"])
        services.publish(p, actor=officer, today=day)
        services.recompute_policy(p.pk)
        if expired:
            Policy.objects.filter(pk=p.pk).update(effective_to=issued + dt.timedelta(days=days))
            services.expire_due(today=today)
    _round(made, proposer, confirmer)
    _waiting_rounds(made, proposer)
    _enterprise_side(made)
    return +made


def _round(made, proposer, confirmer):
    p = Policy.objects.filter(title="高新技术企业认定奖励", status=Policy.Status.PUBLISHED).first()
    if not (p and proposer and confirmer) or GrantRound.objects.filter(policy=p).exists():
        return
    r = services.propose_round(p, actor=proposer, title=f"《{p.title}》第一批免申即享名单")
    entries = list(r.entries.select_related("enterprise").order_by("enterprise__name"))
    if len(entries) > 2:
        services.exclude_entry(entries[-1], actor=proposer,
                               reason="该企业高新技术企业证书系重新认定，不属首次认定，不予重复奖励")
    if not r.entries.filter(excluded=False).exists():
        return
    r = services.submit_round(r, actor=proposer)
    services.confirm_round(r, actor=confirmer)
    made["免申即享批次"] += 1
    made["政策享受记录"] += r.grants.count()


# (policy title, submitted for the second person's confirmation)
WAITING_ROUNDS = [("专精特新中小企业一次性奖励", True), ("明湖科技园小微企业房租减免", False)]


def _waiting_rounds(made, proposer):
    for title, submit in WAITING_ROUNDS:
        p = Policy.objects.filter(title=title, status=Policy.Status.PUBLISHED).first()
        if not (p and proposer) or GrantRound.objects.filter(policy=p).exists() or not p.matches.exists():
            continue
        r = services.propose_round(p, actor=proposer, title=f"《{p.title}》第一批免申即享名单")
        if submit:
            services.submit_round(r, actor=proposer)
        made["免申即享批次"] += 1


def _enterprise_side(made):
    star = Enterprise.objects.filter(name="江澄星辰科技有限公司", applicant__isnull=False).select_related(
        "applicant__user").first()
    if star is None:
        return
    agent = star.applicant.user or star.applicant.agents.first()
    if agent is None:
        return
    steady = Policy.objects.filter(title="中小微企业稳岗返还", status=Policy.Status.PUBLISHED).first()
    from .models import Grant, Objection

    if steady and not Grant.objects.filter(policy=steady, enterprise=star).exists():
        try:
            services.instant_apply(steady, star, actor=agent)
            made["政策享受记录"] += 1
        except Exception:  # noqa: BLE001  the demo enterprise may not meet it on another day's data
            pass
    hnte = Policy.objects.filter(title="高新技术企业认定奖励").first()
    if hnte and not Objection.objects.filter(policy=hnte, enterprise=star).exists():
        services.raise_objection(hnte, star, actor=agent,
                                 text="本企业已于今年提交高新技术企业认定申请并通过公示，请核实后纳入奖励名单。")
        made["政策异议"] += 1
