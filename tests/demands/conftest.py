import pytest

from yiwang.enterprises import care
from yiwang.org.models import Role

from tests.enterprises.factories import register
from tests.factories import DepartmentFactory, staff


@pytest.fixture
def loop(org):
    """The enterprise (org.company with its agent), the centre, a lead and a co-department with handlers,
    a commissioner serving the enterprise, a leader for escalation."""
    org.enterprise = register(applicant=org.company, industry="C3911")
    org.centre = staff("qyfw", Role.SERVICE_CENTRE)
    org.power = DepartmentFactory(code="FGW", name="区发展和改革委员会", region=org.district)
    org.market_handler = staff("scj_demand", Role.DEMAND_HANDLER, department=org.market)
    org.power_handler = staff("fgw_demand", Role.DEMAND_HANDLER, department=org.power)
    org.health_handler = staff("wjw_demand", Role.DEMAND_HANDLER, department=org.health)
    org.commissioner = staff("commissioner01", Role.COMMISSIONER)
    org.leader = staff("leader", Role.UNIT_LEADER, department=org.market)
    care.assign_commissioner([org.enterprise], actor=org.centre, commissioner=org.commissioner)
    return org
