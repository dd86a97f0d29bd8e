"""补正告知: every missing or defective material at once; a second notice only for defects of the supplement."""
from datetime import date

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.cases import services
from yiwang.cases.models import SupplementNotice
from yiwang.notify.models import Message

from .factories import MON, file_all, mats, pdf

WED, FRI, NEXT_TUE = date(2026, 3, 4), date(2026, 3, 6), date(2026, 3, 10)


def _three_materials(org):
    from .factories import make_item

    return make_item(org.market, materials=[{"name": "申请表", "is_key": True}, {"name": "营业执照", "is_key": True},
                                            {"name": "平面图"}])


def test_one_notice_lists_every_missing_and_defective_material(org, items):
    v = _three_materials(org)
    m = mats(v)
    case = file_all(org, v, skip=[2])  # 平面图 missing
    notice = services.notify_supplement(case, actor=org.clerk, expected_version=case.version,
                                        defective={m[0].pk: "未签字"}, today=MON)
    assert [i["name"] for i in notice.items] == ["申请表", "平面图"]
    case.refresh_from_db()
    assert case.state == "supplementing"
    body = Message.objects.get(event="case.supplement_notice").body
    assert "申请表：未签字" in body and "平面图：未提交" in body


def test_the_supplement_must_cover_everything_listed(org, items):
    v = _three_materials(org)
    m = mats(v)
    case = file_all(org, v, skip=[1, 2])
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    case.refresh_from_db()
    with pytest.raises(DomainError, match="平面图"):
        services.supplement(case, actor=org.person_user, expected_version=case.version,
                            files={m[1].pk: pdf("licence")}, today=WED)


def test_accepted_on_the_day_the_materials_became_complete(org, items):
    v = _three_materials(org)
    m = mats(v)
    case = file_all(org, v, skip=[2])
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    case.refresh_from_db()
    case = services.supplement(case, actor=org.person_user, expected_version=case.version,
                               files={m[2].pk: pdf("plan")}, today=WED)
    assert case.state == "received"
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=FRI)
    assert case.accepted_on == WED


def test_a_second_notice_for_a_material_the_first_could_have_named_is_refused(org, items):
    v = _three_materials(org)
    m = mats(v)
    case = file_all(org, v, skip=[2])
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    case.refresh_from_db()
    case = services.supplement(case, actor=org.person_user, expected_version=case.version,
                               files={m[2].pk: pdf("plan")}, today=WED)
    with pytest.raises(Conflict, match="不得再次告知"):
        services.notify_supplement(case, actor=org.clerk, expected_version=case.version,
                                   defective={m[0].pk: "印章不清"}, today=FRI)
    case.refresh_from_db()
    assert case.state == "received" and case.notices_issued == 1
    assert SupplementNotice.objects.filter(case=case).count() == 1


def test_a_later_notice_may_name_a_defect_of_the_supplement_itself(org, items):
    v = _three_materials(org)
    m = mats(v)
    case = file_all(org, v, skip=[2])
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    case.refresh_from_db()
    case = services.supplement(case, actor=org.person_user, expected_version=case.version,
                               files={m[2].pk: pdf("blurred-plan")}, today=WED)
    notice = services.notify_supplement(case, actor=org.clerk, expected_version=case.version,
                                        defective={m[2].pk: "补正的平面图模糊不清"}, today=FRI)
    assert notice.number == 2 and [i["name"] for i in notice.items] == ["平面图"]


def test_a_notice_after_acceptance_is_refused_by_the_lifecycle(org, items):
    case = file_all(org, items.two)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    with pytest.raises(Conflict) as e:
        services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert e.value.extra["state"] == "under_review"
