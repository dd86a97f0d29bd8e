"""Case numbers, safe under concurrent acceptance: one counter row per (area, day), locked while it is bumped."""
from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from ..domain.numbers import area_of, format_case_number
from ..models import CaseCounter


def issue_number(region_code: str, day: date) -> str:
    area = area_of(region_code)
    with transaction.atomic():
        counter = CaseCounter.objects.select_for_update().filter(area=area, day=day).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = CaseCounter.objects.create(area=area, day=day, value=0)
            except IntegrityError:
                counter = CaseCounter.objects.select_for_update().get(area=area, day=day)
        counter.value += 1
        counter.save(update_fields=["value"])
        return format_case_number(area, day, counter.value)
