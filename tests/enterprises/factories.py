"""Enterprise registry factories (used by the enterprises, demands and credit tests)."""
import datetime as dt
from decimal import Decimal

import factory

from yiwang.enterprises import services
from yiwang.enterprises.models import Enterprise, Industry
from yiwang.org.identifiers import make_uscc
from yiwang.org.models import Applicant, Park

from tests.factories import RegionFactory

# Real-shaped USCCs: 9 (工商登记) 1 (企业) 310114 (the demo district), an organisation code and the check.
_SEQ = iter(range(10**6))


def next_uscc() -> str:
    return make_uscc(f"91310114MA1G{next(_SEQ):05d}")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"示范科技园区{n}")
    region = factory.SubFactory(RegionFactory)
    managing_body = factory.LazyAttribute(lambda o: f"{o.name}管理委员会")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """A profile written directly (fast); use `register()` below to go through the service function."""

    class Meta:
        model = Enterprise
        django_get_or_create = ("uscc",)

    uscc = factory.LazyFunction(next_uscc)
    name = factory.Sequence(lambda n: f"上海示范{n}信息科技有限公司")
    entity_type = Enterprise.EntityType.LLC
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="6513"))
    industry_section = factory.LazyAttribute(lambda o: o.industry.section if o.industry else "")
    founded_on = dt.date(2018, 6, 1)
    legal_representative = "张伟"
    address = "示范路100号"
    registered_capital = Decimal("500")


def register(actor=None, *, applicant: Applicant | None = None, industry="I6513", **fields):
    """Create a profile through `services.register_enterprise`, tied to `applicant` (its USCC) if given."""
    uscc = applicant.id_number if applicant else fields.pop("uscc", None) or next_uscc()
    name = fields.pop("name", None) or (applicant.name if applicant else f"上海示范{next(_SEQ)}科技有限公司")
    return services.register_enterprise(actor=actor, uscc=uscc, name=name, industry=industry, **fields)
