"""Local option: 非常满意 after 7 days without a rating (off by default)."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from yiwang.ratings import services
from yiwang.ratings.models import Rating

from tests.cases.factories import MON
from .factories import accepted_at_window, at, delivered

pytestmark = pytest.mark.django_db


def test_off_by_default(org, items):
    delivered(org, items.one)
    assert services.apply_default_ratings(MON + timedelta(days=30)) == []
    assert not Rating.objects.exists()


def test_default_grade_after_seven_days(org, items, settings):
    settings.YIWANG_RATINGS_DEFAULT_RATING = True
    rated = delivered(org, items.one)
    services.rate(rated, actor=org.person_user, service="case", grade=2, now=at(MON))
    unrated = delivered(org, items.one)
    window = accepted_at_window(org, items.one)  # acceptance happened, delivery not yet
    assert services.apply_default_ratings(MON + timedelta(days=7)) == []
    made = services.apply_default_ratings(MON + timedelta(days=8))
    assert {(r.case_id, r.service) for r in made} == {(unrated.pk, "case"), (window.pk, "acceptance")}
    r = Rating.objects.get(case=unrated)
    assert (r.grade, r.channel, r.is_default, r.rated_by, r.negative) == (5, "system", True, None, False)
    assert Rating.objects.get(case=rated).grade == 2
    assert services.apply_default_ratings(MON + timedelta(days=9)) == []


def test_promised_items_rated_twice_with_the_local_option(org, items, settings):
    from tests.cases.factories import make_item

    settings.YIWANG_RATINGS_TWICE_FOR_PROMISED = True
    promised = make_item(org.market, tier="one_step", limit=5)
    case = delivered(org, promised)
    a = services.rate(case, actor=org.person_user, service="acceptance", grade=5, now=at(MON))
    d = services.rate(case, actor=org.person_user, service="delivery", grade=4, now=at(MON))
    assert {a.service, d.service} == {"acceptance", "delivery"}
    immediate = delivered(org, items.one)
    services.rate(immediate, actor=org.person_user, service="case", grade=5, now=at(date(2026, 3, 3)))


def test_the_nightly_task_applies_them(org, items, settings):
    from yiwang.ratings.tasks import default_ratings_task

    settings.YIWANG_RATINGS_DEFAULT_RATING = True
    delivered(org, items.one)  # delivered on 2 March 2026, long before the task runs today
    assert default_ratings_task(timezone.localdate()) == 1
    assert Rating.objects.get().is_default
