"""`yiwang demo`: the fictional demo district loads completely, sanely, and only once."""
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from yiwang.catalog import queries
from yiwang.catalog.domain.codes import parse_item_code
from yiwang.catalog.models import Bundle, ItemVersion, Material, ServiceItem, Topic
from yiwang.org.identifiers import is_valid_ric, is_valid_uscc
from yiwang.org.models import Applicant, Department, Hall, Region, Role, StaffRole, User, Window
from yiwang.web.demo import DEMO_PASSWORD
from yiwang.web.demo.loader import ALL_ITEMS, check_data
from yiwang.web.demo.spec import check_items, item
from tests.conftest import demo_district

COUNTED = [Region, Department, Hall, Window, User, StaffRole, Applicant, Topic, ServiceItem, ItemVersion, Material,
           Bundle]


def counts():
    return {m.__name__: m.objects.count() for m in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back afterwards (each test runs in a
    savepoint of it), so that no other test module sees the demo rows."""
    with demo_district(django_db_blocker) as out:
        yield out


def test_refuses_without_debug_unless_forced(db, settings):
    # First in the module: it runs before the module-scoped demo fixture is set up.
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=StringIO())
    assert not ServiceItem.objects.exists()
    with pytest.raises(CommandError, match="yiwang demo"):
        call_command("demo", accounts=True, stdout=StringIO())


def test_second_run_changes_nothing(db, demo):
    assert "已载入示范区" in demo
    before = counts()
    out = StringIO()
    call_command("demo", force=True, stdout=out)
    assert "无需变更" in out.getvalue()
    assert counts() == before
    assert before["ServiceItem"] == before["ItemVersion"]  # one published version each, no stray drafts


def test_catalogue_is_published_and_large_enough(db, demo):
    published = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE,
                                           current_version__state=ItemVersion.State.PUBLISHED)
    assert published.count() >= 60
    assert published.count() == len(ALL_ITEMS)
    assert Department.objects.filter(kind=Department.Kind.BUREAU).count() >= 20
    active = Bundle.objects.filter(status=Bundle.Status.ACTIVE)
    assert active.count() >= 3
    opening = active.get(code="YJS-QYKB")
    assert [bi.item.name for bi in opening.bundle_items.select_related("item")] == [
        "企业设立登记", "发票领用", "单位就业参保登记", "单位住房公积金缴存登记"]
    assert {"开办餐饮店一件事", "新生儿出生一件事", "二手房交易及水电气过户一件事"} <= set(
        active.values_list("name", flat=True))


def test_every_item_code_validates_against_its_department(db, demo):
    for it in ServiceItem.objects.select_related("department"):
        parsed = parse_item_code(it.code)
        assert str(parsed) == it.code
        assert parsed.uscc == it.department.uscc
        assert parsed.area_code == "329901000000"


def test_catalogue_figures_are_sane(db, demo):
    figures = queries.catalogue_figures()
    assert figures.items == len(ALL_ITEMS)
    assert figures.fully_online_share >= 0.95 and figures.meets_online_target
    assert figures.fully_online < figures.items  # a realistic set: some items still need one visit
    assert figures.immediate > 0
    assert 0 < figures.with_legal_limit < figures.items  # some items have no legal limit
    assert figures.compression_rate > 0.5  # promised limits are compressed (seed 003)
    versions = ItemVersion.objects.all()
    assert all(v.legal_limit_days is None or v.promised_limit_days <= v.legal_limit_days for v in versions)
    assert versions.filter(approval_tier="one_step").exists() and versions.filter(approval_tier="three_step").exists()
    assert versions.filter(is_free=False).exists() and versions.filter(topics__isnull=False).distinct().count() == \
        versions.count()
    materials = Material.objects.all()
    assert materials.filter(is_key=True).exists()
    assert materials.filter(deferrable=True).exists()
    assert materials.filter(commitment_replaceable=True).exists()
    assert materials.filter(exempt_by_sharing=True).exclude(sharing_source="").exists()
    assert not materials.filter(is_key=True, deferrable=True).exists()
    assert "《中华人民共和国行政许可法》" in " ".join(versions.values_list("legal_basis", flat=True))


def test_halls_are_mostly_comprehensive_windows(db, demo):
    centre = Hall.objects.get(kind=Hall.Kind.ADMIN_CENTRE)
    assert Hall.objects.filter(kind=Hall.Kind.COMMUNITY_CENTRE).count() >= 2
    for hall in Hall.objects.all():
        windows = hall.windows.all()
        assert windows.filter(kind=Window.Kind.COMPREHENSIVE).count() / windows.count() >= 0.8, hall.name
        assert windows.filter(kind=Window.Kind.DELIVERY).exists(), hall.name
    assert centre.open_on_holidays
    assert Region.objects.filter(level=Region.Level.VILLAGE).count() >= 3
    assert Region.objects.filter(level=Region.Level.TOWNSHIP).count() >= 6


def test_every_role_has_an_account_that_logs_in(db, demo):
    clerk = authenticate(username="clerk01", password=DEMO_PASSWORD)
    assert clerk is not None
    for role in Role.values:
        row = StaffRole.objects.filter(role=role).select_related("user").first()
        assert row is not None, role
        assert row.user.is_active
        assert row.user.password == clerk.password  # the one shared demo password (hashing it once is enough)
    assert StaffRole.objects.filter(role=Role.CLERK, is_window_officer=True).exists()
    # 三员分立 (issue 8 no. 4): no superuser; the system administrator holds its role and may not assign roles.
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and admin.staff_roles.filter(role=Role.SYSADMIN).exists()
    assert not admin.has_perm("org.change_staffrole") and admin.has_perm("org.change_user")
    # Demo accounts keep the shared demo password without being made to change it.
    from yiwang.security.services import password_change_reason

    assert password_change_reason(admin) == "" and admin.credential.demo
    # every department that owns items has the people every tier needs, and a key to sign its e-licences
    owners = set(ServiceItem.objects.values_list("department", flat=True))
    for role in (Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER):
        assert owners <= set(StaffRole.objects.filter(role=role).values_list("department", flat=True)), role
    from yiwang.licences.models import SigningKey

    assert owners <= set(SigningKey.objects.values_list("department", flat=True))
    for dept in ("SCJ", "WJW", "GHZY", "JSW"):
        assert {Role.REVIEWER, Role.SECTION_HEAD, Role.UNIT_LEADER} <= set(
            StaffRole.objects.filter(department__code=dept).values_list("role", flat=True))


def test_applicants_have_valid_identifiers_and_accounts(db, demo):
    people = Applicant.objects.filter(kind=Applicant.Kind.NATURAL)
    companies = Applicant.objects.filter(kind=Applicant.Kind.LEGAL)
    assert people.count() >= 3 and companies.count() >= 3
    assert all(is_valid_ric(a.id_number) and a.user_id for a in people)
    assert all(is_valid_uscc(a.id_number) and a.user_id for a in companies)
    assert any(a.id_number.startswith("N") for a in companies)  # a rural collective economic organisation
    assert all(is_valid_uscc(d.uscc) for d in Department.objects.all())
    assert authenticate(username="zhangwei", password=DEMO_PASSWORD) is not None


def test_accounts_lists_roles_and_the_shared_password(db, demo):
    out = StringIO()
    call_command("demo", accounts=True, stdout=out)
    text = out.getvalue()
    for label in ("窗口受理人员（窗口事务官）", "审核人员", "科室负责人", "单位负责人", "效能监察人员", "事项管理员",
                  "系统管理员", "安全管理员", "审计管理员", "申请人（自然人）", "申请人（法人）"):
        assert label in text
    assert "clerk01" in text and "明湖区行政服务中心 1号窗口" in text
    assert DEMO_PASSWORD in text


def test_demo_data_checks_pass_and_catch_a_broken_item():
    assert check_data() == []
    broken = item("x", "SCJ", "坏事项", 1, "《中华人民共和国行政许可法》第四十二条", 5, 10, "two_step", [])
    assert any("承诺时限超过法定时限" in p for p in check_items([broken], {"SCJ"}, set()))
