"""The case simulation: reads the demo once (Context), then walks each case from receipt to today through the
lifecycle table's transitions, computing deadlines with the deadline ledger on the real calendar."""
from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..domain import lifecycle as lc
from ..domain.ledger import Ledger, Suspension as LedgerSuspension
from ..domain.numbers import area_of, format_case_number
from .store import TABLES, _person_name

S = lc.State
LOCAL = ZoneInfo("Asia/Shanghai")
DEMO_DISTRICT = "329901000000"
REFUSAL = ("申请事项不属于本机关职权范围", "《中华人民共和国行政许可法》第三十二条第一款第（二）项")
DENIAL = ("经审查，申请人不符合法定条件", "《中华人民共和国行政许可法》第三十八条第二款")
SUSPENSION_KINDS = ["hearing", "testing", "inspection", "expert_review"]  # art. 45 (the default setting)


class SynthError(RuntimeError):
    """The database is not ready for synthetic cases (Chinese message)."""



@dataclass
class Item:
    version_id: int
    department_id: int
    area: str
    tier: str
    limit: int
    materials: list[tuple[int, bool, str, bool]]  # (id, required, name, commitment_replaceable)
    hall_ids: list[int]
    commitment_ok: bool
    remedy: str


@dataclass
class Context:
    """What the generator needs from the database, read once."""

    items: list[Item]
    weights: list[float]
    clerks: dict[int, list[tuple[int, int | None, bool]]]  # hall → (user, window, officer)
    staff: dict[int, dict[str, list[int]]]  # department → role → users
    blob_id: int
    calendar: object
    today: date


@dataclass
class Batch:
    cases: list[tuple] = field(default_factory=list)
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in TABLES})
    counters: dict[tuple[str, date], int] = field(default_factory=dict)


# ---- reading the demo ---------------------------------------------------------------------------------------------
def load_context(rng: random.Random, today: date) -> Context:
    from django.db.models import F

    from yiwang.catalog.models import ItemVersion
    from yiwang.org.models import Department, Region, Role, StaffRole, User
    from yiwang.workdays.services import get_calendar

    if not Region.objects.filter(code=DEMO_DISTRICT).exists():
        raise SynthError("尚未载入示范区，请先运行 yiwang demo")
    versions = list(ItemVersion.objects.filter(state=ItemVersion.State.PUBLISHED, item__status="active",
                                               item__current_version=F("pk"))
                    .select_related("item__department__region").prefetch_related("materials", "halls")
                    .order_by("item__code"))
    if not versions:
        raise SynthError("示范区没有已发布的事项，请先运行 yiwang demo")
    clerks: dict[int, list] = {}
    for user_id, hall_id, window_id, officer in StaffRole.objects.filter(role=Role.CLERK, hall__isnull=False) \
            .order_by("user__username").values_list("user_id", "hall_id", "window_id", "is_window_officer"):
        clerks.setdefault(hall_id, []).append((user_id, window_id, officer))
    officer_halls = [h for h, rows in clerks.items() if any(o for *_, o in rows)]
    if not officer_halls:
        raise SynthError("没有窗口事务官，无法生成审核合一事项的办件")
    staff: dict[int, dict[str, list[int]]] = {}
    for user_id, role, dept_id in StaffRole.objects.filter(
            role__in=[Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER]).values_list("user_id", "role",
                                                                                          "department_id"):
        staff.setdefault(dept_id, {}).setdefault(role, []).append(user_id)
    # A real district has a section head and a unit leader in every department; the demo names them only in
    # the main ones. Add the missing holders (no password) so multi-step items can be decided.
    departments = {v.item.department_id for v in versions}
    for dept in Department.objects.filter(pk__in=departments):
        for role in (Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER):
            if staff.get(dept.pk, {}).get(role):
                continue
            user, _ = User.objects.get_or_create(
                username=f"syn_{dept.code.lower()}_{role}",
                defaults={"kind": User.Kind.STAFF, "display_name": _person_name(rng), "password": "!"})
            StaffRole.objects.get_or_create(user=user, role=role, department=dept)
            staff.setdefault(dept.pk, {}).setdefault(role, []).append(user.pk)
    items = []
    for v in versions:
        halls = [h.pk for h in v.halls.all() if h.pk in clerks] or sorted(clerks)
        if v.approval_tier == "one_step":
            halls = [h for h in halls if h in officer_halls] or officer_halls
        items.append(Item(
            v.pk, v.item.department_id, area_of(v.item.department.region.code), v.approval_tier,
            v.promised_limit_days or 0,
            [(m.pk, m.requirement == m.Requirement.REQUIRED and not m.exempt_by_sharing, m.name,
              m.commitment_replaceable) for m in sorted(v.materials.all(), key=lambda m: (m.order, m.pk))],
            halls, bool(v.commitment_allowed) and not v.risk_domain, v.remedy or ""))
    # Popularity: a few items take most cases (Zipf-like), quick items (limit 0/1) more popular.
    order = list(range(len(items)))
    rng.shuffle(order)
    weights = [0.0] * len(items)
    for rank, i in enumerate(order, 1):
        weights[i] = (1.0 / rank ** 0.9) * (2.0 if items[i].limit <= 1 else 1.0)
    return Context(items, weights, clerks, staff, _blob().pk, get_calendar(), today)


def _blob():
    from ..services.files import store_blob

    content = b"%PDF-1.7\n% yiwang synthetic material\n" + b"0" * 200 + b"\n%%EOF\n"
    return store_blob(("synthetic.pdf", content, "application/pdf"))


# ---- the generator ------------------------------------------------------------------------------------------------
class Generator:
    """Simulates one case at a time from its receipt to `today`, through the lifecycle table's transitions."""

    def __init__(self, ctx: Context, rng: random.Random, applicants: list[tuple[int, int]], years: float,
                 counters: dict[tuple[str, date], int]):
        self.ctx, self.rng, self.cal, self.today = ctx, rng, ctx.calendar, ctx.today
        self.applicants, self.counters = applicants, counters
        first = self.today - timedelta(days=int(365 * years))
        self.days = [first + timedelta(days=i) for i in range((self.today - first).days + 1)]
        self.days = [d for d in self.days if self.cal.is_working_day(d)]
        self._deadlines: dict[tuple[date, int], tuple[date, bool]] = {}
        self._midnight: dict[date, datetime] = {}
        self.cum = list(itertools.accumulate(ctx.weights))

    # -- calendar helpers (cached: the same (acceptance day, limit) pairs recur constantly) ------------------------
    def add(self, d: date, n: int) -> date:
        return self.cal.add_working_days(d, n)

    def deadline(self, accepted: date, total: int, suspensions: list[tuple[date, date | None]], at: date):
        if not suspensions:
            key = (accepted, total)
            hit = self._deadlines.get(key)
            if hit is None:
                lg = Ledger(self.cal, accepted, total)
                hit = self._deadlines[key] = (lg.deadline(), lg.provisional(at))
            return hit
        lg = Ledger(self.cal, accepted, total, [LedgerSuspension(s, r) for s, r in suspensions])
        return lg.deadline(), lg.provisional(at)

    def stamp(self, d: date, minute: int) -> datetime:
        base = self._midnight.get(d)
        if base is None:
            base = self._midnight[d] = datetime.combine(d, time(9, 0), LOCAL).astimezone(UTC)
        return base + timedelta(minutes=minute)

    # -- one case -----------------------------------------------------------------------------------------------------
    def case(self, case_id: int, batch: Batch) -> None:  # noqa: C901 - one straight simulation, read top to bottom
        rng, ctx, T = self.rng, self.ctx, self.today
        item = rng.choices(ctx.items, cum_weights=self.cum)[0]
        applicant_id, applicant_user = rng.choice(self.applicants)
        hall = rng.choice(item.hall_ids)
        hall_clerks = ctx.clerks[hall]
        officers = [c for c in hall_clerks if c[2]]
        clerk = rng.choice(officers if item.tier == "one_step" else hall_clerks)
        online = rng.random() < 0.6
        submitter, window = (applicant_user, None) if online else (clerk[0], clerk[1])
        received = rng.choice(self.days)
        events: list[tuple] = []
        minute = rng.randrange(0, 480)

        def event(action, actor, role, on, frm, to, note="", data="{}"):
            nonlocal minute
            minute += rng.randrange(1, 30)
            events.append((case_id, str(action), actor, role, on, self.stamp(on, min(minute, 539)), frm, to, note, data))

        event("submit", submitter, lc.APPLICANT if online else lc.CLERK, received, "", S.RECEIVED,
              data=json.dumps({"channel": "online" if online else "window", "item_version": item.version_id}))
        mats = {m[0]: [m[0], "provided" if m[1] or rng.random() < 0.5 else "missing", received, 0, ""]
                for m in item.materials}
        c = dict(state=S.RECEIVED, pending=received, notices=0, accepted=None, accepted_by=None, number=None,
                 limit=None, ext=0, ext_reason="", deadline=None, provisional=False, stopped=None, signed=False,
                 decided=None, decided_by=None, reason="", basis="", remedy="", delivery_due=None, delivered=None,
                 method="", tracking="", address="", step=0)
        susp: list[tuple] = []
        done = False

        # completeness: one notice in ~12% of cases, answered within 1-8 working days (or not yet, or withdrawn)
        given = [m for m in item.materials if mats[m[0]][1] == "provided"]
        if rng.random() < 0.12 and given:
            issued = self.add(received, 1)
            if issued <= T:
                m = rng.choice(given)
                mats[m[0]][1], mats[m[0]][4] = "defective", "材料信息不完整，请补正"
                items = [{"material": m[0], "name": m[2], "problem": "材料信息不完整，请补正"}]
                c.update(state=S.SUPPLEMENTING, notices=1)
                event("notify_supplement", clerk[0], lc.CLERK, issued, S.RECEIVED, S.SUPPLEMENTING,
                      data=json.dumps({"notice": 1, "items": items}, ensure_ascii=False))
                answered = self.add(issued, rng.randint(1, 8))
                if answered > T:
                    answered, done = None, True
                elif rng.random() < 0.08:
                    event("withdraw", applicant_user, lc.APPLICANT, answered, S.SUPPLEMENTING, S.WITHDRAWN)
                    c.update(state=S.WITHDRAWN, reason="申请人撤回")
                    answered, done = None, True
                else:
                    mats[m[0]][1:] = ["provided", answered, 1, ""]
                    c.update(state=S.RECEIVED, pending=answered)
                    event("supplement", applicant_user, lc.APPLICANT, answered, S.SUPPLEMENTING, S.RECEIVED,
                          data=json.dumps({"notice": 1, "materials": [m[0]]}))
                batch.rows["cases_supplementnotice"].append(
                    (case_id, 1, issued, clerk[0], json.dumps(items, ensure_ascii=False), answered))
        if not done:
            checked = self.add(c["pending"], 0 if item.limit == 0 else rng.choice((0, 0, 1, 1, 2)))
            if checked > T:
                done = True
            elif rng.random() < 0.03:
                c.update(state=S.REFUSED, reason=REFUSAL[0], basis=REFUSAL[1], decided=checked, decided_by=clerk[0])
                event("refuse", clerk[0], lc.CLERK, checked, S.RECEIVED, S.REFUSED, REFUSAL[0])
                done = True
        if not done:
            accepted = c["pending"] if c["notices"] else checked
            seq = self.counters.get((item.area, checked), 0) + 1
            self.counters[(item.area, checked)] = batch.counters[(item.area, checked)] = seq
            limit = item.limit
            c.update(state=S.UNDER_REVIEW, accepted=accepted, accepted_by=clerk[0], limit=limit,
                     number=format_case_number(item.area, checked, seq))
            if item.commitment_ok and rng.random() < 0.3:
                replaceable = [m for m in item.materials if m[3]]
                if replaceable:
                    mats[replaceable[0][0]][1:] = ["committed", received, 0, ""]
                    c["signed"] = True
            if c["signed"]:
                due = self.add(accepted, 20)
                checked_ok = due <= T
                batch.rows["cases_postcheck"].append(
                    (case_id, due, "true" if checked_ok else "pending", due if checked_ok else None,
                     self._staff(item, "reviewer") if checked_ok else None, "经核查，承诺属实" if checked_ok else ""))
            event(lc.Action.ACCEPT, clerk[0], lc.OFFICER if item.tier == "one_step" else lc.CLERK, checked,
                  S.RECEIVED, S.UNDER_REVIEW, data=json.dumps({"accepted_on": accepted.isoformat()}))
            # processing: working days used, mostly inside the limit, a few overdue
            if limit == 0:
                used = 0
            else:
                used = max(1, min(limit, round(limit * rng.betavariate(2, 3) * 1.4)))
                if rng.random() < 0.03:
                    used = limit + rng.randint(1, 5)
            if limit >= 5 and rng.random() < 0.03:
                c["ext"], c["ext_reason"] = rng.randint(5, 10), "情况复杂，需延长审查时间"
                used = min(used + rng.randint(1, c["ext"]), limit + c["ext"])
            s_off = rng.randint(0, used - 1) if limit >= 5 and used > 1 and rng.random() < 0.05 else None
            steps = lc.steps_of(item.tier)
            actors = [clerk[0] if st in ("officer", "acceptor") else self._staff(item, lc.STEP_ROLE[st])
                      for st in steps]

            def on_day(n):  # the n-th working day of handling, the suspension excluded; never before acceptance
                if s_off is None or n <= s_off:
                    return max(checked, self.add(accepted, n))
                return max(checked, self.add(susp[0][1] or T, n - s_off))

            if s_off is not None:
                started = max(checked, self.add(accepted, s_off))
                expected = rng.randint(5, 20)
                resumed = self.add(started, max(1, expected + rng.randint(-2, 3)))
                susp.append((started, resumed if resumed <= T else None, expected))
            end = on_day(used) if (s_off is None or susp[0][1]) else None
            ext_day = max(checked, self.add(accepted, max(1, min(used, limit) - 1))) if c["ext"] else None
            # withdrawal or termination during handling
            stop_kind = None
            if used > 1 and rng.random() < 0.03:
                stop_kind, stop_at = rng.choice(("withdraw", "withdraw", "terminate")), rng.randint(1, used - 1)
            timeline = []
            for k, st in enumerate(steps[:-1]):
                timeline.append((on_day(max(0, used * (k + 1) // len(steps)) if used else 0), "forward", k))
            if s_off is not None:
                timeline.append((susp[0][0], "suspend", None))
                if susp[0][1]:
                    timeline.append((susp[0][1], "resume", None))
            if ext_day:
                timeline.append((ext_day, "extend", None))
            if stop_kind:
                timeline.append((on_day(stop_at), stop_kind, None))
            elif end is not None:
                timeline.append((end, "decide", len(steps) - 1))
            timeline.sort(key=lambda t: (t[0], ("forward", "extend", "suspend", "resume", "withdraw", "terminate",
                                                "decide").index(t[1])))
            dept_role = lc.SECTION_HEAD
            for day, what, k in timeline:
                if day > T or c["state"] not in lc.OPEN:
                    break
                state = c["state"]
                if what == "forward":
                    if state != S.UNDER_REVIEW:
                        continue
                    batch.rows["cases_casestep"].append((case_id, steps[k], k, actors[k], "forward", "同意",
                                                         self.stamp(day, 300 + k)))
                    c["step"] = k + 1
                    event("forward", actors[k], lc.STEP_ROLE[steps[k]], day, state, state, "同意",
                          json.dumps({"step": steps[k], "next": steps[k + 1]}))
                elif what == "suspend":
                    c["state"] = S.SUSPENDED
                    event("suspend", self._staff(item, dept_role), dept_role, day, state, S.SUSPENDED, "需要专家评审")
                elif what == "resume":
                    c["state"] = S.UNDER_REVIEW
                    event("resume", self._staff(item, dept_role), dept_role, day, state, S.UNDER_REVIEW)
                elif what == "extend":
                    if state != S.UNDER_REVIEW:
                        continue
                    event("extend", self._staff(item, lc.UNIT_LEADER), lc.UNIT_LEADER, day, state, state,
                          c["ext_reason"], json.dumps({"days": c["ext"]}))
                elif what in ("withdraw", "terminate"):
                    if what == "withdraw":
                        c.update(state=S.WITHDRAWN, reason="申请人撤回")
                        event("withdraw", applicant_user, lc.APPLICANT, day, state, S.WITHDRAWN)
                    else:
                        actor = self._staff(item, lc.SECTION_HEAD)
                        c.update(state=S.TERMINATED, reason="申请人未按要求配合核查", decided=day, decided_by=actor)
                        event("terminate", actor, lc.SECTION_HEAD, day, state, S.TERMINATED, c["reason"])
                    c["stopped"] = max(day, accepted)
                else:  # the decision at the last step
                    if state != S.UNDER_REVIEW or c["step"] != k:
                        continue
                    ok = rng.random() < 0.95
                    new = S.APPROVED if ok else S.DENIED
                    batch.rows["cases_casestep"].append((case_id, steps[k], k, actors[k], "approve" if ok else "deny",
                                                         "" if ok else DENIAL[0], self.stamp(day, 400)))
                    c.update(state=new, step=k, decided=day, decided_by=actors[k], stopped=day,
                             delivery_due=self.add(day, 10), reason="" if ok else DENIAL[0],
                             basis="" if ok else DENIAL[1], remedy="" if ok else item.remedy)
                    event("approve" if ok else "deny", actors[k], lc.STEP_ROLE[steps[k]], day, state, new,
                          c["reason"], json.dumps({"step": steps[k]}))
                    delivered = self.add(day, 0 if limit == 0 else rng.choice((0, 1, 1, 2, 3)))
                    if delivered <= T:
                        method = rng.choice(("window", "mail", "electronic", "electronic"))
                        tracking = f"SF{case_id:012d}" if method == "mail" else ""
                        address = "江澄市明湖区合成路1号" if method == "mail" else ""
                        c.update(state=S.DELIVERED, delivered=delivered, method=method, tracking=tracking,
                                 address=address)
                        event("deliver", clerk[0], lc.CLERK, delivered, new, S.DELIVERED,
                              data=json.dumps({"method": method, "tracking_number": tracking, "late": False}))
            # the ledger's view of the suspension as of today (closed by a stop, open while suspended)
            if susp:
                started, resumed, expected = susp[0]
                if started > T:
                    susp = []
                else:
                    if resumed is not None and resumed > T:
                        resumed = None
                    r_by = self._staff(item, dept_role) if resumed else None
                    if resumed is None and c["stopped"]:  # the case ended while suspended (services.stop_clock)
                        resumed = c["stopped"]
                    susp = [(started, resumed, expected)]
                    batch.rows["cases_suspension"].append(
                        (case_id, rng.choice(SUSPENSION_KINDS), "需要专家评审", expected, started,
                         self._staff(item, dept_role), resumed, r_by))
            if c["ext"] and (ext_day is None or ext_day > T or
                             not any(e[1] == "extend" for e in events)):
                c["ext"], c["ext_reason"] = 0, ""
            c["deadline"], c["provisional"] = self.deadline(
                accepted, limit + c["ext"], [(s, r) for s, r, _ in susp], c["stopped"] or T)
        for mid, status, supplied, rnd, problem in mats.values():
            provided = status == "provided"
            batch.rows["cases_casematerial"].append(
                (case_id, mid, status, ctx.blob_id if provided else None, f"材料{mid}.pdf" if provided else "",
                 supplied if status in ("provided", "committed") else None, rnd, problem))
        batch.rows["cases_caseevent"].extend(events)
        created, updated = events[0][5], events[-1][5]
        batch.cases.append((
            case_id, c["number"], item.version_id, item.department_id, applicant_id, submitter, "",
            "online" if online else "window", hall, window, None, '{"synth": 1}', str(c["state"]), len(events),
            item.tier, c["step"], received, c["pending"], c["notices"], c["accepted"], c["accepted_by"], False,
            c["limit"], c["ext"], c["ext_reason"], c["deadline"], c["provisional"], c["stopped"], None, c["signed"],
            c["decided"], c["decided_by"], c["reason"], c["basis"], c["remedy"], c["delivery_due"], c["delivered"],
            c["method"], c["tracking"], c["address"], created, updated))

    def _staff(self, item: Item, role: str) -> int:
        return self.rng.choice(self.ctx.staff[item.department_id][role])
