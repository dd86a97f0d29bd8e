"""A licence's holder ID number is stored SM4-encrypted with a keyed SM3 index (as an applicant's is): the database
holds no plain number, the holder still finds their licences, a plain filter is refused, and the migration
encrypts rows written before."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from yiwang.licences.access import visible_licences
from yiwang.licences.models import Licence
from yiwang.org.pii import PiiError

pytestmark = pytest.mark.django_db


def stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT holder_id_number, holder_id_number_index FROM licences_licence WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_holder_id_number_is_ciphertext_and_found_through_its_index(issue, keyed_org):
    licence = issue()
    raw, index = stored(licence.pk)
    assert raw.startswith("sm4:") and keyed_org.person.id_number not in raw and len(index) == 64
    assert Licence.objects.get(pk=licence.pk).holder_id_number == keyed_org.person.id_number
    assert list(Licence.objects.by_holder(keyed_org.person.id_number)) == [licence]
    assert list(visible_licences(keyed_org.person_user)) == [licence]  # the holder sees their own licence
    assert not visible_licences(keyed_org.other_user).exists()
    with pytest.raises(PiiError):
        list(Licence.objects.filter(holder_id_number=keyed_org.person.id_number))


def test_the_migration_encrypts_a_licence_stored_plain(issue, keyed_org):
    licence = issue()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE licences_licence SET holder_id_number = %s, holder_id_number_index = '' WHERE id = %s",
                       [keyed_org.person.id_number, licence.pk])
    assert not Licence.objects.by_holder(keyed_org.person.id_number).exists()
    migration = importlib.import_module("yiwang.licences.migrations.0003_personal_data_at_rest")
    migration.encrypt_existing(apps, SimpleNamespace(connection=connection))
    raw, _ = stored(licence.pk)
    assert raw.startswith("sm4:")
    assert list(Licence.objects.by_holder(keyed_org.person.id_number)) == [licence]
