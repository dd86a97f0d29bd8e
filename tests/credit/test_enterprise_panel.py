"""The enterprise page shows the enterprise's credit (the credit app's panel replaces the registry's slot)."""
from datetime import date

import pytest
from django.urls import reverse

from yiwang.credit import services
from yiwang.credit.domain import kinds as k

from tests.enterprises.factories import register as make_enterprise

pytestmark = pytest.mark.django_db


def test_the_enterprise_page_shows_its_credit_records_and_links_to_the_credit_file(client, org):
    ent = make_enterprise(applicant=org.company, industry="I6513")
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                        department=org.market, severity=k.GENERAL, decision_number="沪市监罚〔2025〕5号",
                        title="销售过期食品", decided_on=date(2025, 6, 1))
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.COMMITMENT,
                        department=org.market, title="食品经营许可告知承诺", decided_on=date(2025, 7, 1))
    client.force_login(org.agent)
    page = client.get(reverse("enterprises:detail", args=[ent.pk])).content.decode()
    panel = page[page.index('id="panel-credit"'):]
    panel = panel[:panel.index("</section>")]
    assert "沪市监罚〔2025〕5号" in panel and "食品经营许可告知承诺" in panel  # its own agent: every record
    assert "查看信用档案" in panel and "这里显示本企业的信用等级及其依据" not in page


def test_an_enterprise_with_no_credit_records_says_so(client, org):
    ent = make_enterprise(applicant=org.company, industry="I6513")
    client.force_login(org.agent)
    page = client.get(reverse("enterprises:detail", args=[ent.pk])).content.decode()
    assert "暂无信用记录" in page
