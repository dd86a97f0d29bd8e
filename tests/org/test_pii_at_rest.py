"""ID and phone numbers are stored SM4-encrypted with a keyed SM3 index: the database holds no plain number, exact
lookup still works, a key rotation re-encrypts every row, and without the key-encryption key nothing opens."""
import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from yiwang.org import pii
from yiwang.org.identifiers import make_ric
from yiwang.org.models import Applicant, DataKey

pytestmark = pytest.mark.django_db


def stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_database_holds_ciphertext_and_the_code_reads_plain_values(org):
    raw_id = stored("org_applicant", "id_number", org.person.pk)
    raw_phone = stored("org_applicant", "phone", org.person.pk)
    assert raw_id.startswith("sm4:") and org.person.id_number not in raw_id
    assert raw_phone.startswith("sm4:") and "13800000001" not in raw_phone
    assert stored("org_user", "phone", org.clerk.pk) in ("", None) or \
        stored("org_user", "phone", org.clerk.pk).startswith("sm4:")
    fresh = Applicant.objects.get(pk=org.person.pk)
    assert fresh.id_number == org.person.id_number and fresh.phone == "13800000001"
    # the same number twice is two different ciphertexts (random IV), one index
    again = pii.encrypt(org.person.id_number, "org.applicant.id_number")
    assert again != raw_id


def test_exact_lookup_goes_through_the_keyed_index_and_a_plain_filter_is_refused(org):
    assert Applicant.objects.by_identifier(org.person.id_number).get() == org.person
    assert Applicant.objects.by_phone("138 0000 0001").get() == org.person
    assert not Applicant.objects.by_identifier(make_ric("31011419900303003")).exists()
    with pytest.raises(pii.PiiError, match="索引"):
        Applicant.objects.filter(id_number=org.person.id_number).exists()


def test_one_applicant_per_identifier_still_holds(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Applicant.objects.create(kind=Applicant.Kind.NATURAL, name="张三（重复）", id_number=org.person.id_number)


def test_rotation_re_encrypts_every_row_and_lookups_keep_working(org):
    before = stored("org_applicant", "id_number", org.person.pk)
    old_key = pii.key_of(before)

    call_command("pii", "rotate")

    new_key = DataKey.objects.get(status="active").key_id
    assert new_key != old_key
    after = stored("org_applicant", "id_number", org.person.pk)
    assert pii.key_of(after) == new_key
    assert pii.keys_in_use() == {new_key}
    assert Applicant.objects.by_identifier(org.person.id_number).get() == org.person
    assert Applicant.objects.get(pk=org.company.pk).id_number == org.company.id_number


def test_a_row_stored_plain_before_encryption_is_encrypted_by_the_migration_step(org):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE org_applicant SET id_number = %s, id_number_index = '' WHERE id = %s",
                       [org.other.id_number, org.other.pk])
    assert pii.reencrypt_all() >= 1
    assert stored("org_applicant", "id_number", org.other.pk).startswith("sm4:")
    assert Applicant.objects.by_identifier(org.other.id_number).get() == org.other


def test_without_the_key_encryption_key_nothing_opens(org, settings):
    pii.reset_cache()
    settings.YIWANG_KEY_ENCRYPTION_KEY = "another-kek-entirely"
    try:
        with pytest.raises(pii.PiiError, match="YIWANG_KEY_ENCRYPTION_KEY"):
            Applicant.objects.get(pk=org.person.pk)
    finally:
        pii.reset_cache()
