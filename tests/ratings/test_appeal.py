"""Unfounded or malicious ratings: the unit appeals, a supervisor reviews; excluded only when upheld."""
from datetime import date

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.notify.models import Message
from yiwang.ratings import queries, services

from tests.cases.factories import MON
from .test_rectification import FRI, negative

pytestmark = pytest.mark.django_db
END = date(2026, 3, 31)


def test_excluded_only_after_a_supervisor_upholds_the_appeal(org, items):
    rect = negative(org, items, comment="恶意差评").rectification
    with pytest.raises(DomainError) as e:  # a reviewer may not appeal for the unit
        services.appeal(rect, actor=org.reviewer, expected_version=rect.version, ground="malicious", reason="x")
    assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        services.appeal(rect, actor=org.section_head, expected_version=rect.version, ground="other", reason="x")
    assert e.value.field == "ground"
    rect = services.appeal(rect, actor=org.section_head, expected_version=rect.version, ground="malicious",
                           reason="评价人办件当日即出件，且评价内容与本事项无关", today=FRI)
    assert rect.appeal_status == "pending"
    assert queries.figures(MON, END)["negative"] == 1  # still counted while pending
    assert "review" in queries.actions_on(rect, org.supervisor)
    with pytest.raises(DomainError) as e:
        services.review(rect, actor=org.unit_leader, expected_version=rect.version, uphold=True, reason="同意")
    assert e.value.status == 403
    with pytest.raises(Conflict):
        services.appeal(rect, actor=org.unit_leader, expected_version=rect.version, ground="unfounded", reason="再诉")

    rect = services.review(rect, actor=org.supervisor, expected_version=rect.version, uphold=True,
                           reason="经调取录像核实，评价与事实不符", today=FRI)
    rating = rect.rating
    rating.refresh_from_db()
    assert rect.status == "excluded" and rect.appeal_status == "upheld"
    assert rating.excluded and "评价人办件当日即出件" in rating.excluded_reason and "调取录像" in rating.excluded_reason
    assert "调取录像" in Message.objects.get(event="ratings.excluded", user=org.person_user).body
    figs = queries.figures(MON, END)
    assert figs["negative"] == 0 and figs["total"] == 0 and figs["excluded"] == 1
    assert queries.public_summary(MON, END)["replies"] == []


def test_a_rejected_appeal_keeps_the_rating_counted(org, items):
    rect = negative(org, items).rectification
    rect = services.appeal(rect, actor=org.unit_leader, expected_version=rect.version, ground="unfounded",
                           reason="不实")
    rect = services.review(rect, actor=org.supervisor, expected_version=rect.version, uphold=False,
                           reason="评价属实，请整改")
    assert rect.appeal_status == "rejected" and rect.status == "open"
    assert queries.figures(MON, END)["negative"] == 1
    rect = services.follow_up(rect, actor=org.reviewer, expected_version=rect.version, method="电话", note="已联系")
    assert rect.status == "contacted"
