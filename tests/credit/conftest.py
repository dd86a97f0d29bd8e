import pytest

from yiwang.org.models import Role, StaffRole
from tests.factories import UserFactory


@pytest.fixture
def credit_officer(org):
    user = UserFactory(username="credit", display_name="邵明哲", kind="staff")
    StaffRole.objects.create(user=user, role=Role.CREDIT_OFFICER)
    return user
