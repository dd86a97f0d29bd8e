"""The demo district's construction projects: each class and route, in several stages, through the real services."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from yiwang.projects import queries
from yiwang.projects.models import Project, StageApplication, StageItem


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("demo", force=True, stdout=StringIO())  # the district alone (tests: --history none)
        from yiwang.org.models import User
        from yiwang.projects import demo as projects_demo

        assert not Project.objects.exists()
        projects_demo.load_history(actor=User.objects.get(username="admin"))
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def in_demo(demo, db):
    return None


def test_the_demo_has_each_class_and_route_in_several_stages(in_demo):
    projects = list(Project.objects.all())
    assert {p.kind for p in projects} == {"government", "approved", "filed"}
    assert {p.route for p in projects} == {"standard", "one_stop", "low_risk"}
    assert any(p.excluded for p in projects)  # the chemicals store: never one-stop
    stages = set(StageApplication.objects.values_list("stage", flat=True))
    assert {"s1", "s2", "s3", "s4"} <= stages
    assert StageApplication.objects.filter(status="concluded").exists()
    assert StageItem.objects.count() >= 12


def test_the_demo_journeys_ask_no_field_twice_and_the_clock_runs(in_demo):
    for p in Project.objects.all():
        row = queries.tracking_row(p)
        assert row["reasked"] == 0
        seen: set[str] = set()
        for app in p.stages.order_by("stage"):
            assert not set(app.asked_fields) & seen
            seen |= set(app.asked_fields)
        assert row["used"] >= 0
    low = Project.objects.get(route="low_risk")
    assert not low.stages.filter(stage="s2").exists()  # planning and construction permits merged into stage 3
    assert queries.tracking_row(low)["used"] > 0
