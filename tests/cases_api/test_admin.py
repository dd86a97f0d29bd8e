"""The cases admin is read-only: cases change state only through the services."""
import pytest

from yiwang.org.models import User

pytestmark = pytest.mark.django_db


def test_the_admin_shows_cases_but_cannot_change_them(world, client):
    admin = User.objects.create_superuser("root", "root@example.cn", "pass-1234")
    client.force_login(admin)
    assert client.get("/admin/cases/case/").status_code == 200
    page = client.get(f"/admin/cases/case/{world.case.pk}/change/")
    assert page.status_code == 200 and world.case.number in page.content.decode()
    assert client.get("/admin/cases/case/add/").status_code == 403
    before = world.case.state
    client.post(f"/admin/cases/case/{world.case.pk}/change/", {"state": "approved"})
    world.case.refresh_from_db()
    assert world.case.state == before
    assert client.get(f"/admin/cases/case/{world.case.pk}/delete/").status_code == 403
