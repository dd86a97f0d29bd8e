"""The phone number of a person raising a demand is stored SM4-encrypted with a keyed SM3 index, like an
applicant's: the database holds no plain number, the code reads it back, and the migration encrypts old rows."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from yiwang.demands import services
from yiwang.demands.models import Category, Demand

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_phone, person_phone_index FROM demands_demand WHERE id = %s", [pk])
        return cursor.fetchone()


def _hotline(loop) -> Demand:
    return services.submit(actor=loop.centre, channel="hotline", category=Category.objects.filter(is_active=True)
                           .first().code, title="园区道路积水", description="来电反映园区门口道路积水。",
                           person_name="王先生", person_phone=PHONE)


def test_the_phone_is_ciphertext_and_read_back_plain(loop):
    demand = _hotline(loop)
    raw, index = stored(demand.pk)
    assert raw.startswith("sm4:") and PHONE not in raw and len(index) == 64
    assert Demand.objects.get(pk=demand.pk).person_phone == PHONE


def test_the_migration_encrypts_a_phone_stored_plain(loop):
    demand = _hotline(loop)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE demands_demand SET person_phone = %s, person_phone_index = '' WHERE id = %s",
                       [PHONE, demand.pk])
    importlib.import_module("yiwang.demands.migrations.0003_personal_data_at_rest").encrypt_existing(
        apps, SimpleNamespace(connection=connection))
    raw, index = stored(demand.pk)
    assert raw.startswith("sm4:") and index
    assert Demand.objects.get(pk=demand.pk).person_phone == PHONE
