"""The one rule tree, three uses: the SQL selection (one query over the registry) equals the Python verdict on
random trees over random enterprises — with unknown figures, expired tags, credit grades, the serious-dishonesty
list and earlier grants. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yiwang.credit.domain import kinds as ck
from yiwang.credit.models import Record, Subject
from yiwang.enterprises.models import Enterprise, EnterpriseTag, Industry, Tag, YearlyFigure
from yiwang.org.models import Park, Region
from yiwang.policies import facts as facts_mod
from yiwang.policies import rulesql
from yiwang.policies.domain import rules as R
from yiwang.policies.models import Grant, Policy

from tests.enterprises.factories import next_uscc
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

INDUSTRIES = ["3911", "3421", "6513", "6520", "5179", None]
PREFIXES = ["C", "C39", "39", "I65", "I6513", "C3911", "F", "65"]
REGIONS = ["310114000000", "310114101000", "310115000000"]
TAGS = ["hnte", "srdi", "tech_sme"]
VARS = ["registered_capital", "founded_on", "age_years", "figures.2025.revenue", "figures.2024.tax_paid",
        "figures.2025.headcount"]
DAYS = [dt.date(2026, 12, 2), dt.date(2028, 2, 29), dt.date(2025, 3, 1)]
dates = st.dates(dt.date(1995, 1, 1), dt.date(2028, 12, 31))
money = st.integers(0, 5000).map(Decimal)


def _bound(var):
    if var == "founded_on":
        return dates
    if var == "age_years":
        return st.integers(0, 30).map(Decimal)
    return money


@st.composite
def ranges(draw):
    var = draw(st.sampled_from(VARS))
    lo, hi = draw(st.one_of(st.none(), _bound(var))), draw(st.one_of(st.none(), _bound(var)))
    if lo is None and hi is None:
        lo = draw(_bound(var))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return R.Range(var, lo, hi)


leaves = st.one_of(
    st.builds(lambda v: R.InSet("scale", tuple(v)), st.sets(st.sampled_from(["large", "medium", "small", "micro"]),
                                                            min_size=1)),
    st.builds(lambda v: R.InSet("entity_type", tuple(v)), st.sets(st.sampled_from(["llc", "joint_stock", "sole"]),
                                                                  min_size=1)),
    st.builds(lambda v: R.InSet("status", tuple(v)), st.sets(st.sampled_from(["active", "moved_out"]), min_size=1)),
    st.builds(lambda v: R.InSet("park", tuple(v)), st.sets(st.sampled_from(["PA", "PB"]), min_size=1)),
    st.builds(lambda v: R.Prefix("industry", tuple(v)), st.sets(st.sampled_from(PREFIXES), min_size=1, max_size=3)),
    st.builds(lambda v: R.Prefix("region", tuple(v)), st.sets(st.sampled_from(REGIONS), min_size=1, max_size=2)),
    ranges(),
    st.builds(R.HasTag, st.sampled_from(TAGS), st.one_of(st.none(), dates)),
    st.builds(R.CreditAtLeast, st.sampled_from(R.GRADE_ORDER)),
    st.just(R.SeriousDishonest()),
    st.builds(R.Received, st.sampled_from(["self", "other"])),
)
trees = st.recursive(leaves, lambda kids: st.one_of(
    st.builds(lambda xs: R.All(tuple(xs)), st.lists(kids, min_size=1, max_size=4)),
    st.builds(lambda xs: R.Any_(tuple(xs)), st.lists(kids, min_size=1, max_size=4)),
    st.builds(R.Not, kids)), max_leaves=10)

figure_row = st.fixed_dictionaries({
    "revenue": st.one_of(st.none(), money), "tax_paid": st.one_of(st.none(), money),
    "headcount": st.one_of(st.none(), st.integers(0, 500)), "total_assets": st.none()})
enterprises = st.lists(st.fixed_dictionaries({
    "industry": st.sampled_from(INDUSTRIES),
    "scale": st.sampled_from(["", "large", "medium", "small", "micro"]),
    "entity_type": st.sampled_from(["llc", "joint_stock", "sole"]),
    "status": st.sampled_from(["active", "moved_out"]),
    "region": st.sampled_from(REGIONS + ["310114101201", None]),
    "park": st.sampled_from(["PA", "PB", None]),
    "founded_on": st.one_of(st.none(), dates),
    "registered_capital": st.one_of(st.none(), money),
    "figures": st.dictionaries(st.sampled_from([2024, 2025]), figure_row, max_size=2),
    "tags": st.dictionaries(st.sampled_from(TAGS), st.tuples(st.one_of(st.none(), dates), st.one_of(st.none(), dates)),
                            max_size=3),
    "grade": st.one_of(st.none(), st.just(""), st.sampled_from(R.GRADE_ORDER)),
    "serious": st.booleans(),
    "received": st.sets(st.sampled_from(["self", "other"])),
}), min_size=1, max_size=6)


def _world():
    district = Region.objects.get_or_create(code="310114000000", defaults={"name": "示范区", "level": 2})[0]
    Region.objects.get_or_create(code="310114101000", defaults={"name": "示范街道", "level": 3, "parent": district})
    Region.objects.get_or_create(code="310114101201", defaults={"name": "示范村", "level": 4})
    Region.objects.get_or_create(code="310115000000", defaults={"name": "邻区", "level": 2})
    for code in ("PA", "PB"):
        Park.objects.get_or_create(code=code, defaults={"name": f"园区{code}", "region": district,
                                                        "managing_body": "管委会"})
    dep = DepartmentFactory(region=district)
    return {k: Policy.objects.create(number=f"明府发〔2026〕{n}号", title=f"测试政策{k}", lead_department=dep,
                                     issued_on=dt.date(2026, 1, 5)) for n, k in ((1, "self"), (2, "other"))}


def _make(spec, policies):
    ind = Industry.objects.get(code=spec["industry"]) if spec["industry"] else None
    e = Enterprise.objects.create(
        uscc=next_uscc(), name=f"随机企业{next_uscc()}", industry=ind, industry_section=ind.section if ind else "",
        scale=spec["scale"], entity_type=spec["entity_type"], status=spec["status"],
        region=Region.objects.get(code=spec["region"]) if spec["region"] else None,
        park=Park.objects.get(code=spec["park"]) if spec["park"] else None, founded_on=spec["founded_on"],
        registered_capital=spec["registered_capital"])
    for year, row in spec["figures"].items():
        YearlyFigure.objects.create(enterprise=e, year=year, **row)
    for code, (a, b) in spec["tags"].items():
        EnterpriseTag.objects.create(enterprise=e, tag=Tag.objects.get(code=code), valid_from=a, valid_to=b)
    if spec["grade"] is not None or spec["serious"]:
        s = Subject.objects.create(code=e.uscc, name=e.name, enterprise=e, public_grade=spec["grade"] or "")
        if spec["serious"]:
            Record.objects.create(subject=s, kind=ck.SERIOUS_DISHONESTY, decided_on=dt.date(2025, 6, 1),
                                  title="严重失信主体名单")
    for k in spec["received"]:
        Grant.objects.create(policy=policies[k], enterprise=e, mode="auto", rule_version=1,
                             granted_at="2026-06-01T10:00:00+08:00")
    return e


def _resolve(tree, policies):
    if isinstance(tree, (R.All, R.Any_)):
        return type(tree)(tuple(_resolve(n, policies) for n in tree.items))
    if isinstance(tree, R.Not):
        return R.Not(_resolve(tree.item, policies))
    if isinstance(tree, R.Received) and tree.policy == "other":
        return R.Received(policies["other"].pk)
    return tree


@pytest.fixture
def pii_key(db):
    """The personal-data key is made with the first encrypted value; make it once, outside the examples."""
    Subject.objects.create(code=next_uscc(), name="密钥预置")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(tree=trees, specs=enterprises, today=st.sampled_from(DAYS))
def test_the_sql_selection_is_the_python_verdict(pii_key, tree, specs, today):
    with transaction.atomic():
        policies = _world()
        tree = _resolve(tree, policies)
        assert R.parse(R.dump(tree)) == tree  # the stored JsonLogic form round-trips
        made = [_make(s, policies) for s in specs]
        ctx = R.Context(today=today, policy_id=policies["self"].pk)
        ids = [e.pk for e in made]
        selected = set(Enterprise.objects.filter(pk__in=ids).filter(rulesql.to_q(tree, ctx))
                       .values_list("pk", flat=True))
        refused = set(Enterprise.objects.filter(pk__in=ids).filter(rulesql.to_q_false(tree, ctx))
                      .values_list("pk", flat=True))
        facts = facts_mod.facts_for_many(Enterprise.objects.filter(pk__in=ids), today)
        verdicts = {pk: R.evaluate(tree, facts[pk], ctx) for pk in ids}
        assert selected == {pk for pk, v in verdicts.items() if v is True}
        assert refused == {pk for pk, v in verdicts.items() if v is False}
        for pk in ids:  # the explanation gives the same verdict, and a missing set only when not eligible
            ex = R.explain(tree, facts[pk], ctx)
            assert ex.verdict == verdicts[pk]
            assert (ex.missing == []) == (verdicts[pk] is True) or R._need(tree, facts[pk], ctx, True) is None
        transaction.set_rollback(True)
