import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.catalog import services
from yiwang.catalog.models import ItemVersion, ServiceItem

from .helpers import TODAY, code_for, item_fields, make_item

pytestmark = pytest.mark.django_db


def test_create_and_publish_makes_an_immutable_first_version(org):
    item = make_item(org)
    assert item.status == ServiceItem.Status.ACTIVE
    v = item.current_version
    assert (v.number, v.state, v.effective_date) == (1, "published", TODAY)
    assert [m.name for m in v.materials.all()][0] == "营业执照申请书"
    assert v.accepts_deferral and not v.is_immediate
    assert AuditEvent.objects.filter(action="catalog.item.publish", target_id=str(v.pk)).exists()


def test_editing_after_publish_goes_to_a_new_draft_and_never_changes_the_published_version(org):
    item = make_item(org)
    v1 = item.current_version
    before = services.snapshot(v1)
    draft = services.update_draft(item, actor=org.catalog_admin, promised_limit_days=1,
                                  materials=[{"name": "营业执照申请书", "is_key": True}])
    assert draft.pk != v1.pk and draft.state == "draft"
    v1.refresh_from_db()
    assert services.snapshot(v1) == before
    v2 = services.publish(item, TODAY, org.catalog_admin)
    item.refresh_from_db()
    assert item.current_version == v2 and v2.number == 2 and v2.promised_limit_days == 1
    assert v2.materials.count() == 1 and v1.materials.count() == 4
    with pytest.raises(Conflict):
        services._write_draft(v1, {"promised_limit_days": 0})
    v1.refresh_from_db()
    assert v1.promised_limit_days == 3


def test_future_effective_date_keeps_old_version_in_force_until_the_day(org):
    item = make_item(org)
    services.update_draft(item, actor=org.catalog_admin, promised_limit_days=2)
    later = TODAY + dt.timedelta(days=10)
    v2 = services.publish(item, later, org.catalog_admin)
    item.refresh_from_db()
    assert item.current_version.number == 1
    assert services.version_in_force(item, later) == v2
    assert services.activate_due_versions(later) == 1
    item.refresh_from_db()
    assert item.current_version == v2


@pytest.mark.parametrize("over, field", [
    ({"legal_limit_days": 10, "promised_limit_days": 12}, "promised_limit_days"),
    ({"legal_limit_days": None, "promised_limit_days": None}, "promised_limit_days"),
    ({"materials": [{"name": "申请书", "is_key": True, "deferrable": True}]}, "materials"),
    ({"commitment_allowed": True, "risk_domain": "public_safety"}, "commitment_allowed"),
    ({"is_free": False}, "fees"),
    ({"name": ""}, "name"),
])
def test_bad_content_is_refused_with_field_errors(org, over, field):
    with pytest.raises(ValidationError) as exc:
        services.create_item(code=code_for(org.market), department=org.market, actor=org.catalog_admin,
                             **item_fields(**over))
    assert field in exc.value.message_dict
    assert not ServiceItem.objects.exists()


def test_promised_limit_defaults_to_legal_and_zero_means_immediate(org):
    item = make_item(org, promised_limit_days=None)
    assert item.current_version.promised_limit_days == 20
    item2 = make_item(org, seq=2, legal_limit_days=None, promised_limit_days=0)
    assert item2.current_version.is_immediate


@pytest.mark.parametrize("code", [
    "511A0138000000-511602000000-000-115113010833722044-1-00",  # check character wrong
    "511Z07001006-511602000000-000-11511301008778183N-1-00",    # 12-character basic code
    "511A0080800002-511602000000-000-1151130000877869M-1-00",   # 17-character implementing body
])
def test_real_code_shapes_are_kept_as_given(org, code):
    org.market.uscc = code.split("-")[3]
    org.market.save()
    item = services.create_item(code=code, department=org.market, actor=org.catalog_admin, **item_fields())
    assert item.code == code


def test_an_unrecognisable_code_is_refused_when_typed(org):
    with pytest.raises(ValidationError) as exc:
        services.create_item(code="abc", department=org.market, actor=org.catalog_admin, **item_fields())
    assert "6段" in exc.value.message_dict["code"][0]


@pytest.mark.parametrize("code, message", [
    ("abc", "6段"),
    ("511A0138000000-5116020000-000-115113010833722043-1-00", "区划代码"),
    ("511A0138000000-511602000000-001-115113010833722043-1-00", "000"),
    ("511A0138000000-511602000000-000-115113010833722044-1-00", "校验码"),
])
def test_malformed_codes_are_refused_under_the_strict_setting(org, code, message, settings):
    settings.YIWANG_STRICT_CODES = True
    with pytest.raises(ValidationError) as exc:
        services.create_item(code=code, department=org.market, actor=org.catalog_admin, **item_fields())
    assert message in exc.value.message_dict["code"][0]


def test_code_must_carry_the_departments_uscc_and_be_unique(org):
    with pytest.raises(ValidationError) as exc:
        services.create_item(code=code_for(org.health), department=org.market, actor=org.catalog_admin,
                             **item_fields())
    assert "不一致" in exc.value.message_dict["code"][0]
    make_item(org)
    with pytest.raises(ValidationError) as exc:
        services.create_item(code=code_for(org.market), department=org.market, actor=org.catalog_admin,
                             **item_fields())
    assert "已存在" in exc.value.message_dict["code"][0]


def test_unknown_department_is_a_field_error(org):
    with pytest.raises(ValidationError) as exc:
        services.create_item(code=code_for(org.market), department="NOPE", actor=org.catalog_admin, **item_fields())
    assert "department" in exc.value.message_dict


def test_only_the_departments_catalogue_admin_or_sysadmin_may_edit(org):
    with pytest.raises(DomainError):
        services.create_item(code=code_for(org.health), department=org.health, actor=org.catalog_admin,
                             **item_fields())
    with pytest.raises(DomainError):
        make_item(org, actor=org.reviewer)
    item = services.create_item(code=code_for(org.health), department=org.health, actor=org.sysadmin,
                                **item_fields())
    assert item.department == org.health


def test_stale_draft_edit_is_a_conflict_not_a_silent_overwrite(org):
    item = make_item(org, publish=False)
    draft = services.get_draft(item)
    services.update_draft(item, actor=org.catalog_admin, expected_revision=draft.revision, promised_limit_days=5)
    with pytest.raises(Conflict):
        services.update_draft(item, actor=org.catalog_admin, expected_revision=draft.revision, promised_limit_days=7)
    assert services.get_draft(item).promised_limit_days == 5


def test_suspend_resume_cancel_keep_reasons(org):
    item = make_item(org)
    with pytest.raises(ValidationError):
        services.suspend(item, reason="", actor=org.catalog_admin)
    services.suspend(item, reason="系统升级", actor=org.catalog_admin)
    services.resume(item, reason="升级完成", actor=org.catalog_admin)
    services.cancel(item, reason="法规废止", actor=org.catalog_admin)
    item.refresh_from_db()
    assert item.status == "cancelled" and item.status_reason == "法规废止"
    assert list(item.status_changes.values_list("to_status", "reason")) == [
        ("active", "发布第1版"), ("suspended", "系统升级"), ("active", "升级完成"), ("cancelled", "法规废止")]
    with pytest.raises(Conflict):
        services.update_draft(item, actor=org.catalog_admin, name="新名称")


def test_delegate_to_a_lower_department_creates_its_own_draft(org):
    from tests.factories import DepartmentFactory
    from yiwang.org.identifiers import make_uscc

    town_office = DepartmentFactory(code="JD", name="示范街道办事处", region=org.town, kind="township",
                                    uscc=make_uscc("11310114MB9000001"))
    item = make_item(org)
    new = services.delegate(item, reason="下放至街道", actor=org.catalog_admin, to_region=org.town,
                            to_department=town_office, new_code=code_for(town_office))
    item.refresh_from_db()
    assert item.status == "delegated" and item.delegated_to_department == town_office
    assert new.delegated_from == item and new.department == town_office
    assert services.get_draft(new).level == "township"
    assert services.get_draft(new).materials.count() == 4


def test_every_state_change_leaves_an_audit_event(org):
    item = make_item(org)
    services.update_draft(item, actor=org.catalog_admin, promised_limit_days=2)
    services.publish(item, TODAY, org.catalog_admin)
    services.suspend(item, reason="维护", actor=org.catalog_admin)
    other = make_item(org, 2)
    services.resume(item, reason="恢复", actor=org.catalog_admin)
    bundle = services.create_bundle(code="B1", name="一件事", items=[item, other], actor=org.catalog_admin)
    services.publish_bundle(bundle, actor=org.catalog_admin)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    for a in ("catalog.item.create", "catalog.draft.update", "catalog.item.publish", "catalog.item.suspend",
              "catalog.item.resume", "catalog.bundle.create", "catalog.bundle.publish"):
        assert a in actions
