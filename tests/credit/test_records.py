"""Credit records of every kind: entered, imported, corrected, ended — never deleted; bad input refused whole."""
import csv
import io
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.audit.models import AuditEvent
from yiwang.credit import services
from yiwang.credit.domain import kinds as k
from yiwang.credit.models import Grade, Record, Subject

TODAY = date(2026, 3, 2)
USCC = "91310114MA1000001"


def penalty(org, actor, **kw):
    values = dict(actor=actor, subject_code=org.company.id_number, kind=k.PENALTY, department=org.market,
                  severity=k.GENERAL, decision_number="沪市监罚〔2026〕17号", title="未按规定公示食品经营许可证",
                  legal_basis="《食品安全法》第一百二十六条", decided_on=date(2026, 1, 5), today=TODAY)
    values.update(kw)
    return services.add_record(**values)


@pytest.mark.parametrize("kind", sorted(k.LABELS))
def test_every_kind_of_record_is_kept_against_its_subject(org, credit_officer, kind):
    severity = {k.PENALTY: k.SERIOUS, k.INSPECTION: "problem"}.get(kind, "")
    r = services.add_record(actor=credit_officer, subject_code=org.company.id_number, kind=kind,
                            department=org.market, severity=severity, decision_number="文书-1",
                            title=k.LABELS[kind], decided_on=date(2025, 12, 1), today=TODAY)
    assert r.subject.name == "示范科技有限公司" and r.subject.applicant == org.company
    assert AuditEvent.objects.filter(action="credit.record.add", target_id=str(r.pk)).exists()
    org.company.refresh_from_db()
    assert org.company.is_dishonest == (kind in {k.SERIOUS_DISHONESTY, k.DISHONESTY_LIST, k.COURT_DISHONEST}
                                        or kind == k.PENALTY)  # a serious penalty is dishonesty


def test_a_new_record_regrades_the_subject_with_an_explanation(org, credit_officer):
    penalty(org, credit_officer)
    subject = Subject.objects.by_code(org.company.id_number).get()
    assert subject.risk_class == "B" and subject.public_grade
    grade = Grade.objects.filter(subject=subject, kind="risk_class").first()
    items = [i for ind in grade.explanation["indicators"] for i in ind["items"]]
    assert items[0]["title"] == "沪市监罚〔2026〕17号" and items[0]["points"] == -10
    # the repair window follows the rules: a general penalty, three months
    r = Record.objects.get()
    assert r.repairable_from == date(2026, 4, 5) and r.publish_until == date(2029, 1, 5)


def test_unknown_subject_end_before_start_and_missing_number_are_refused(org, credit_officer):
    with pytest.raises(DomainError, match="不在信用主体库中") as e:
        services.add_record(actor=credit_officer, subject_code="913101147109876540", kind=k.RED_LIST, department=org.market,
                            decided_on=date(2025, 1, 1), today=TODAY)
    assert e.value.field == "subject_code"
    with pytest.raises(DomainError, match="不能早于") as e:
        penalty(org, credit_officer, valid_until=date(2025, 1, 1))
    assert e.value.field == "valid_until"
    with pytest.raises(DomainError, match="决定文书号"):
        penalty(org, credit_officer, decision_number="")
    assert not Record.objects.exists() and not Subject.objects.exists()


def test_a_department_enters_only_its_own_records(org):
    with pytest.raises(DomainError, match="本部门"):
        penalty(org, org.health_reviewer)
    assert penalty(org, org.section_head).department == org.market


def test_corrected_and_ended_records_are_kept_with_their_reasons(org, credit_officer):
    r = penalty(org, org.section_head)
    r = services.correct_record(r, actor=org.section_head, reason="文书号录入错误",
                                changes={"decision_number": "沪市监罚〔2026〕18号", "special_field": "fire_safety"},
                                expected_version=r.version, today=TODAY)
    assert r.correction_note == "文书号录入错误" and r.repairable_from == date(2027, 1, 5)
    with pytest.raises(DomainError, match="已被他人修改"):
        services.end_record(r, actor=org.section_head, reason="撤销", expected_version=1, today=TODAY)
    r = services.end_record(r, actor=org.section_head, reason="行政复议决定撤销原处罚", expected_version=r.version,
                            today=TODAY)
    assert Record.objects.filter(pk=r.pk, status="ended", status_reason="行政复议决定撤销原处罚").exists()
    assert Subject.objects.by_code(org.company.id_number).get().risk_class == "A"
    ev = AuditEvent.objects.filter(action="credit.record.correct").get()
    assert ev.before["decision_number"] == "沪市监罚〔2026〕17号"


def _csv(rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["主体名称", "主体代码", "主体类型", "记录类别", "失信程度", "决定文书号",
                                        "认定部门代码", "决定日期", "有效期至", "名单名称"])
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8-sig")


def test_import_reports_every_bad_row_and_saves_nothing(org, credit_officer):
    good = {"主体名称": "示范科技有限公司", "主体代码": org.company.id_number, "记录类别": "行政处罚",
            "失信程度": "一般", "决定文书号": "沪市监罚〔2026〕3号", "认定部门代码": "SCJ", "决定日期": "2026-01-10"}
    bad_kind = dict(good, 记录类别="罚单")
    bad_dates = dict(good, 决定日期="2026/01/10", 有效期至="2025-12-31")
    result = services.import_records(actor=credit_officer, file_name="records.csv",
                                     data=_csv([good, bad_kind, bad_dates]))
    assert not result.ok and result.created == 0
    assert {n for n, _ in result.errors} == {3, 4}
    assert any("记录类别“罚单”无效" in m for _, m in result.errors)
    assert any("不能早于" in m for _, m in result.errors)
    assert not Record.objects.exists()
    person = {"主体名称": "赵六", "主体代码": "310114199001010012", "主体类型": "自然人", "记录类别": "失信被执行人",
              "认定部门代码": "SCJ", "决定日期": "2025年11月3日"}
    result = services.import_records(actor=credit_officer, file_name="records.csv", data=_csv([good, person]))
    assert result.ok and result.created == 2
    assert result.warnings  # a resident ID failing its check digit is kept as given, with a warning
    assert Record.objects.filter(source="imported").count() == 2


def test_import_from_the_excel_template(org, credit_officer):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(services.template_xlsx()))
    ws = wb.active
    ws.delete_rows(2)
    ws.append(["示范科技有限公司", org.company.id_number, "法人", "守信红名单", "", "", "", "SCJ", "", "", "2025-06-01",
               "", "2025年度守信红名单"])
    buf = io.BytesIO()
    wb.save(buf)
    result = services.import_records(actor=credit_officer, file_name="红名单.xlsx", data=buf.getvalue())
    assert result.ok and Record.objects.get().title == "2025年度守信红名单"


def test_the_dishonesty_flag_cannot_be_set_by_hand_in_the_admin(org):
    """The flag the procedures read is derived from the records: the administrator's applicant page shows it but
    has no field to change it."""
    from django.test import Client

    from tests.factories import UserFactory

    root = UserFactory(username="root", kind="staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    page = client.get(f"/admin/org/applicant/{org.company.pk}/change/").content.decode()
    assert 'name="is_dishonest"' not in page and 'name="commitment_breached"' not in page
    assert "失信主体" in page
