"""One case's life in the demo history, as a script of real service calls. `Life.step()` takes the next action and
answers how long to wait before the one after (`Wait`), or None when the case's story is over. Fates are drawn from
the case's own seeded generator, so the history is the same for a seed whatever else changes."""
from __future__ import annotations

import random
from dataclasses import dataclass

from yiwang.api.errors import DomainError

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% yiwang demo material\n%%EOF\n"
DENIALS = [("经审查，申请人提交的场所不符合法定条件", "《中华人民共和国行政许可法》第三十八条第二款"),
           ("经现场核查，申请人的设施设备未达到规定标准", "《中华人民共和国行政许可法》第三十八条第二款")]
REFUSALS = [("申请事项依法不需要取得行政许可", "《中华人民共和国行政许可法》第三十二条第一款第（一）项"),
            ("申请事项不属于本机关职权范围", "《中华人民共和国行政许可法》第三十二条第一款第（二）项")]
PROBLEMS = ["复印件不清晰，请提供清晰的扫描件", "未加盖公章", "签字与申请人不一致", "内容填写不完整"]
OPINIONS = ["材料齐全，符合法定条件，拟同意", "经审核符合要求", "同意", "符合条件，同意办理"]
NEGATIVE_COMMENTS = ["排队时间太长，窗口只开了两个", "工作人员态度冷淡，解释不清楚", "网上说明和窗口要求的材料不一致",
                     "多跑了一次，材料清单没有一次说清"]
POSITIVE_COMMENTS = ["办理很快，工作人员很耐心", "一次就办好了", "", "", "网上提交很方便"]


@dataclass(frozen=True)
class Wait:
    days: int = 0  # working days; 0: later the same day
    minutes: int = 30


def _pdf(tag: str) -> tuple:
    return (f"{tag}.pdf", PDF + tag.encode("utf-8"), "application/pdf")


class Life:
    """A case from filing to its last rating. `sim` is the Simulation (clock, cast, counters)."""

    def __init__(self, sim, rng: random.Random, n: int, pin=None):
        """`pin`: (item, step) for a case of today's work in progress — filed online and left to the clerk
        (step -1), or taken through the steps before `step` and waiting there — with no detours."""
        self.sim, self.rng, self.n, self.pin = sim, rng, n, pin
        self.gen = self.story()

    def step(self) -> Wait | None:
        try:
            return next(self.gen)
        except StopIteration:
            return None

    # -- helpers ------------------------------------------------------------------------------------------------------
    @property
    def today(self):
        return self.sim.clock.today

    def fresh(self):
        from yiwang.cases.models import Case

        self.case = Case.objects.get(pk=self.case.pk)
        return self.case

    def count(self, what: str) -> None:
        self.sim.made[what] += 1

    def holder(self, role: str):
        return self.sim.cast.holder(self.item.version, role, self.rng)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- the story ----------------------------------------------------------------------------------------------------
    def story(self):  # noqa: C901 - one case's life, read top to bottom
        from yiwang.cases import services
        from yiwang.org.models import Role

        rng, cast, pin = self.rng, self.sim.cast, self.pin
        self.item = item = pin[0] if pin else cast.item(rng)
        v = item.version
        hall = item.halls[0] if pin else rng.choice(item.halls)  # today's work: at the main hall
        clerks = cast.clerks[hall]
        officers = [c for c in clerks if c[2]]
        self.clerk, window, _ = rng.choice(officers if item.tier == "one_step" else clerks)
        online = bool(cast.account_holders) and (pin[1] < 0 if pin else self.chance(0.45))
        who = rng.choice(cast.account_holders) if online or not cast.walk_ins or self.chance(0.15) else \
            rng.choice(cast.walk_ins)
        online = online and who.user is not None
        self.applicant_user = who.user
        materials = sorted(v.materials.all(), key=lambda m: (m.order, m.pk))
        required = [m for m in materials if m.requirement == m.Requirement.REQUIRED and not m.exempt_by_sharing]
        defer = next((m for m in required if m.deferrable and not m.is_key), None) \
            if (v.promised_limit_days or 0) >= 3 and who.applicant.may_use_lenient_procedures and self.chance(0.08) \
            else None
        commit = next((m for m in required if m.commitment_replaceable), None) \
            if v.commitment_allowed and not v.risk_domain and who.applicant.may_use_lenient_procedures \
            and self.chance(0.35) else None
        if pin:
            defer = None
        missing = rng.choice(required) if required and not defer and not pin and self.chance(0.10) else None
        files = {m.pk: _pdf(f"{m.name}-{self.n}") for m in materials
                 if m is not defer and m is not commit and m is not missing
                 and (m in required or self.chance(0.5))}
        self.case = services.submit_case(
            submitter=who.user if online else self.clerk, applicant=who.applicant, item_version=v,
            idempotency_key=f"demo-history-{self.sim.seed}-{self.n}", files=files,
            commitments=[commit.pk] if commit else (), commitment_signed=bool(commit),
            hall=cast.halls[hall], window=None if online else window,
            form_data={"联系电话": who.applicant.phone} if who.applicant.phone else {})
        self.count("cases")
        if pin and pin[1] < 0:
            return  # waiting for the clerk's completeness check
        if not pin and self.chance(0.012):
            return  # nobody acts: art. 32 deems it accepted after five working days (the nightly task)
        yield Wait(days=0 if not online else rng.choice((0, 1, 1, 2)), minutes=rng.randint(5, 90))
        # completeness
        if not pin and (missing is not None or self.chance(0.04)):
            defective = {} if missing is not None else {rng.choice(list(files)): rng.choice(PROBLEMS)} if files else {}
            try:
                services.notify_supplement(self.fresh(), actor=self.clerk, expected_version=self.case.version,
                                           defective=defective)
            except DomainError:
                pass  # nothing to name after all
            else:
                self.count("supplement_notices")
                yield Wait(days=rng.randint(1, 7), minutes=rng.randint(0, 400))
                if self.chance(0.06) and self.applicant_user:
                    services.withdraw(self.fresh(), actor=self.applicant_user, expected_version=self.case.version,
                                      reason="材料一时无法补齐，先撤回")
                    return
                if self.chance(0.05):
                    return  # still waiting for the applicant
                case = self.fresh()
                wanted = list(case.materials.filter(status__in=["missing", "defective"])
                              .values_list("material_id", flat=True))
                services.supplement(case, actor=self.applicant_user or self.clerk, expected_version=case.version,
                                    files={pk: _pdf(f"补正-{pk}-{self.n}") for pk in wanted})
                yield Wait(days=rng.choice((0, 0, 1)), minutes=rng.randint(10, 120))
        if not pin and self.chance(0.025):
            reason, basis = rng.choice(REFUSALS)
            services.refuse(self.fresh(), actor=self.clerk, expected_version=self.case.version, reason=reason,
                            legal_basis=basis)
            yield from self.rate()
            return
        case = self.fresh()
        if case.state == "under_review":
            pass  # deemed accepted meanwhile
        elif case.state != "received":
            return
        else:
            due = None
            if defer is not None and not case.materials.filter(material_id=defer.pk, status="missing").exists():
                defer = None  # supplied with a supplement meanwhile: nothing left to defer
            if defer is not None:
                due = self.sim.cal.add_working_days(self.today, min(5, (v.promised_limit_days or 3) - 1))
            # 容缺: the applicant signs the commitment at the window's signature pad, the clerk records who signed.
            signer = case.applicant.name if due else ""
            services.accept(case, actor=self.clerk, expected_version=case.version, deferral_due=due,
                            commitment_signer=signer)
            self.count("accepted")
        if not pin:
            yield from self.rate(services_done=("acceptance",), now=True)
        yield from self.review(defer)

    def review(self, defer):
        from yiwang.cases import services
        from yiwang.cases.domain import lifecycle as lc
        from yiwang.cases.workbench.licensing import approve_case

        rng, v = self.rng, self.item.version
        limit = v.promised_limit_days or 0
        steps = lc.steps_of(self.item.tier)
        # how many working days the department takes in all: mostly well inside the limit, a few late
        if limit == 0:
            used = 0
        else:
            used = max(1, round(limit * rng.betavariate(2, 3) * 1.3))
            if self.chance(0.05):
                used = limit + rng.randint(1, 4)  # overdue: the board shows it red
        stall = self.chance(0.04)  # a case the department sits on: open today, near or past its limit
        per_step = [max(0, used // len(steps))] * len(steps)
        per_step[-1] += used - sum(per_step)
        suspend = limit >= 5 and self.chance(0.05)
        extend = limit >= 5 and self.chance(0.04)
        stop = self.chance(0.03)
        if self.pin:
            stall = suspend = extend = stop = False
            per_step = [1] * len(steps)
        if defer is not None:
            yield Wait(days=rng.randint(1, 4), minutes=rng.randint(0, 300))
            case = self.fresh()
            if self.chance(0.8) and case.state == "under_review":
                services.supply_deferred(case, actor=self.applicant_user or self.clerk,
                                         expected_version=case.version, files={defer.pk: _pdf(f"容缺补交-{self.n}")})
            else:
                return  # not supplied: the nightly task terminates it when the agreed day has passed
        for k, step in enumerate(steps):
            wait = per_step[k] * (4 if stall and k == len(steps) - 1 else 1)
            if self.pin and k == self.pin[1]:
                return  # waiting at this step today
            yield Wait(days=wait, minutes=rng.randint(0, 420))
            case = self.fresh()
            if case.state not in ("under_review", "suspended"):
                return
            if suspend and k == 0:
                suspend = False
                kind = rng.choice(["expert_review", "testing", "inspection", "appraisal"])
                services.suspend(case, actor=self.holder(lc.REVIEWER), expected_version=case.version, kind=kind,
                                 reason="需组织专家评审" if kind == "expert_review" else "需进行检验检测",
                                 expected_days=rng.randint(5, 15))
                self.count("suspended")
                yield Wait(days=rng.randint(4, 16), minutes=rng.randint(0, 300))
                case = self.fresh()
                services.resume(case, actor=self.holder(lc.REVIEWER), expected_version=case.version)
                yield Wait(days=0, minutes=rng.randint(10, 60))
                case = self.fresh()
            if extend and k == len(steps) - 1 and case.deadline and self.today <= case.deadline:
                extend = False
                services.extend(case, actor=self.holder(lc.UNIT_LEADER), expected_version=case.version,
                                days=rng.choice((5, 10)), reason="情况复杂，需进一步核实申请材料")
                self.count("extended")
                yield Wait(days=rng.randint(1, 4), minutes=rng.randint(0, 300))
                case = self.fresh()
            if stop and k == len(steps) - 1:
                if self.applicant_user and self.chance(0.7):
                    services.withdraw(case, actor=self.applicant_user, expected_version=case.version,
                                      reason="经营计划调整，不再申请")
                else:
                    services.terminate(case, actor=self.holder(lc.SECTION_HEAD), expected_version=case.version,
                                       reason="申请人未按要求配合现场核查")
                yield from self.rate()
                return
            actor = self.clerk if step in ("officer", "acceptor") else self.holder(lc.STEP_ROLE[step])
            if k < len(steps) - 1:
                services.forward(case, actor=actor, expected_version=case.version, opinion=rng.choice(OPINIONS))
                continue
            if case.deferral_due and case.materials.filter(status="deferred").exists():
                return
            if self.chance(0.06):
                reason, basis = rng.choice(DENIALS)
                services.deny(case, actor=actor, expected_version=case.version, reason=reason, legal_basis=basis)
                self.count("denied")
            else:
                _, licence = approve_case(case, actor=actor, expected_version=case.version,
                                          opinion=rng.choice(OPINIONS))
                self.count("approved")
                if licence is not None:
                    self.count("licences")
        yield Wait(days=rng.choice((0, 1, 1, 2, 3)), minutes=rng.randint(0, 300))
        case = self.fresh()
        method = "electronic" if case.channel == "online" and self.chance(0.6) else \
            self.rng.choice(("window", "window", "mail"))
        services.deliver(case, actor=self.clerk, expected_version=case.version, method=method,
                         tracking_number=f"SF{self.rng.randint(10**11, 10**12 - 1)}" if method == "mail" else "",
                         address=case.applicant.address or "江澄市明湖区明湖大道1号" if method == "mail" else "")
        self.count("delivered")
        yield from self.rate()

    # -- ratings --------------------------------------------------------------------------------------------------
    def rate(self, services_done=None, now=False):
        """The applicant (or, for a walk-in, the clerk on the hotline) rates whatever can be rated now."""
        from yiwang.ratings import services as ratings
        from yiwang.ratings.queries import occasions_for

        if not self.chance(0.4):
            return
        yield Wait(days=0 if now else self.rng.choice((0, 1, 2)), minutes=self.rng.randint(1, 60))
        case = self.fresh()
        for service in occasions_for(case):
            if services_done and service not in services_done:
                continue
            if case.ratings.filter(service=service).exists():
                continue
            negative = self.chance(0.09)
            grade = self.rng.choice((1, 2)) if negative else self.rng.choice((5, 5, 5, 4, 4, 3))
            actor = self.applicant_user or self.clerk
            channel = "portal" if case.channel == "online" else "window_pad"
            rating = ratings.rate(case, actor=actor, service=service, grade=grade,
                                  comment=self.rng.choice(NEGATIVE_COMMENTS if negative else POSITIVE_COMMENTS),
                                  channel=channel)
            self.count("ratings")
            if rating.negative:
                self.count("negative_ratings")
                yield from self.rectify(rating)

    def rectify(self, rating):
        """A negative rating's rectification, left in each of its states across the history."""
        from yiwang.cases.domain import lifecycle as lc
        from yiwang.ratings import services as ratings
        from yiwang.ratings.models import Rectification

        rect = Rectification.objects.get(rating=rating)
        fate = self.rng.random()
        if fate < 0.15:
            return  # open: waiting for the follow-up call
        yield Wait(days=self.rng.randint(1, 2), minutes=self.rng.randint(0, 300))
        if fate < 0.25:
            rect = Rectification.objects.get(pk=rect.pk)
            ratings.appeal(rect, actor=self.holder(lc.SECTION_HEAD), expected_version=rect.version,
                           ground=self.rng.choice(Rectification.AppealGround.values),
                           reason="经调取窗口录像核实，工作人员按规定一次性告知，评价与事实不符")
            if fate < 0.2:
                yield Wait(days=self.rng.randint(1, 3), minutes=60)
                rect = Rectification.objects.get(pk=rect.pk)
                ratings.review(rect, actor=self.sim.cast.supervisor, expected_version=rect.version,
                               uphold=self.chance(0.5), reason="经核查录像和办件记录")
            return
        rect = Rectification.objects.get(pk=rect.pk)
        ratings.follow_up(rect, actor=self.holder(lc.REVIEWER), expected_version=rect.version, method="电话回访",
                          note="已向评价人致歉，了解具体情况")
        if fate < 0.4:
            return  # contacted, not yet replied
        yield Wait(days=self.rng.randint(1, 4), minutes=self.rng.randint(0, 300))
        rect = Rectification.objects.get(pk=rect.pk)
        ratings.reply(rect, actor=self.holder(lc.SECTION_HEAD), expected_version=rect.version,
                      verification="情况属实", measures="增设高峰时段窗口，材料清单与网上指南逐项核对一致",
                      reply_text="已完成整改：高峰时段增开窗口，并更新了办事指南的材料说明。")
        if fate < 0.6 or self.applicant_user is None:
            return
        yield Wait(days=self.rng.randint(0, 2), minutes=30)
        rect = Rectification.objects.get(pk=rect.pk)
        ratings.rate_rectification(rect, actor=self.applicant_user, grade=self.rng.choice((5, 4, 4, 2)),
                                   comment="整改及时" if fate < 0.9 else "")
