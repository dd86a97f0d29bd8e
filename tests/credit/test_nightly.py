"""The nightly bulk run agrees with the per-record regrade, writes history only on change, and resets subjects
whose records all ended."""
from datetime import date

from yiwang.credit import services
from yiwang.credit.domain import kinds as k
from yiwang.credit.models import Grade, Record, Subject
from yiwang.credit.services.bulk import regrade_bulk


def test_nightly_run_matches_and_writes_only_changes(org):
    services.add_record(actor=None, subject_code=org.company.id_number, kind=k.PENALTY, department=org.market,
                        severity=k.SERIOUS, decision_number="沪市监罚〔2025〕1号", decided_on=date(2025, 11, 1),
                        today=date(2026, 3, 2))
    services.add_record(actor=None, subject_code=org.person.id_number, subject_kind=k.NATURAL, kind=k.RED_LIST,
                        department=org.market, title="守信红名单", decided_on=date(2025, 11, 1), today=date(2026, 3, 2))
    before = {s.code: (s.risk_class, s.public_grade, round(s.risk_score, 4)) for s in Subject.objects.all()}
    history = Grade.objects.count()
    result = regrade_bulk(today=date(2026, 3, 2))
    assert result["subjects_with_records"] == 2 and result["changed"] == 0
    assert Grade.objects.count() == history
    assert {s.code: (s.risk_class, s.public_grade, round(s.risk_score, 4)) for s in Subject.objects.all()} == before
    # a year later the penalty weighs half: the class moves and one history row per model explains why
    result = regrade_bulk(today=date(2026, 12, 1))
    assert result["changed"] == 1  # only the penalty aged; the red list still counts in full
    company = Subject.objects.by_code(org.company.id_number).get()
    assert company.risk_score == 85 and company.risk_class == "B"
    g = Grade.objects.filter(subject=company, kind="risk_class").first()
    assert g.trigger == "nightly" and "距今13个月×0.5" in g.explanation["indicators"][0]["items"][0]["reason"]
    # all records ended (outside the services, as an import of a court's removal list would): back to the base
    Record.objects.filter(subject=company).update(status="ended")
    assert regrade_bulk(today=date(2026, 12, 1))["reset_to_base"] == 1
    company.refresh_from_db()
    assert company.risk_class == "A" and not company.dishonest
