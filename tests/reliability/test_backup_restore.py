"""`yiwang backup` / `yiwang restore`: a backup restored into an empty database gives back the cases, the
applicants (still encrypted at rest), the e-licence keys and every file, with the audit chain intact and every
blob's SHA-256 checked; under another key-encryption key the restore is refused before anything is loaded."""
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction

from tests.cases.factories import accepted
from yiwang.audit.models import AuditEvent
from yiwang.audit.services import verify
from yiwang.cases.models import Blob, Case
from yiwang.licences.keys import generate_key, private_key_of
from yiwang.licences.models import SigningKey
from yiwang.org import pii
from yiwang.org.models import Applicant

pytestmark = pytest.mark.django_db(transaction=True)


def _wipe():
    """A new, migrated, empty database and an empty media store: what a restore starts from."""
    from django.core.management import call_command as cc

    for blob in Blob.objects.all():
        default_storage.delete(blob.file.name)
    cc("flush", interactive=False, verbosity=0)
    pii.reset_cache()


def test_backup_then_restore_into_an_empty_database(org, items, tmp_path):
    case = accepted(org, items.two)
    with transaction.atomic():
        generate_key(org.market)
    person_id, events, head = org.person.id_number, AuditEvent.objects.count(), AuditEvent.objects.last().hash
    names = sorted(Blob.objects.values_list("file", flat=True))
    target = tmp_path / "backup"

    call_command("backup", str(target))

    manifest = json.loads((target / "manifest.json").read_text())
    assert sorted(manifest["files"]) == names and manifest["audit_head"]["hash"] == head
    assert person_id not in (target / "database.yjson").read_text()  # personal data stays encrypted
    _wipe()
    assert not Case.objects.exists() and not default_storage.exists(names[0])

    call_command("restore", str(target))

    assert Case.objects.get(pk=case.pk).number == case.number
    assert Applicant.objects.by_identifier(person_id).get().name == "张三"
    assert AuditEvent.objects.count() == events and verify().ok
    assert all(default_storage.exists(n) for n in names)
    assert len(private_key_of(SigningKey.objects.get(department__code="SCJ"))) == 32


def test_a_restore_under_another_key_encryption_key_is_refused(org, items, tmp_path, settings):
    accepted(org, items.two)
    target = tmp_path / "backup"
    call_command("backup", str(target))
    _wipe()
    settings.YIWANG_KEY_ENCRYPTION_KEY = "a-different-key-encryption-key"
    with pytest.raises(CommandError, match="YIWANG_KEY_ENCRYPTION_KEY"):
        call_command("restore", str(target))
    assert not Case.objects.exists()


def test_a_damaged_file_in_the_backup_is_refused(org, items, tmp_path):
    accepted(org, items.two)
    target = tmp_path / "backup"
    call_command("backup", str(target))
    damaged = next((target / "media").rglob("*"), None)
    while damaged is not None and damaged.is_dir():
        damaged = next(damaged.iterdir())
    damaged.write_bytes(b"%PDF-1.7 tampered")
    _wipe()
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(target))
