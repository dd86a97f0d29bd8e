"""A crash between writing an uploaded file and committing its row leaves a file nobody points to: the sweeper
deletes it once past the grace period, and never a file a row points to."""
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from tests.cases.factories import file_all
from yiwang.audit.models import AuditEvent
from yiwang.cases.models import Blob
from yiwang.cases.services import store_blob
from yiwang.cases.services.sweep import sweep_orphans

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def crashed_upload(content: bytes) -> str:
    """store_blob writes the file, then the transaction dies before it commits."""
    with pytest.raises(Crash):
        with transaction.atomic():
            blob = store_blob(("营业执照.pdf", content, "application/pdf"))
            name = blob.file.name
            raise Crash
    assert not Blob.objects.filter(file=name).exists() and default_storage.exists(name)
    return name


def age(name: str, hours: float):
    path = default_storage.path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_an_orphan_past_the_grace_period_is_deleted_and_live_files_kept(org, items):
    case = file_all(org, items.two)
    live = [cm.blob.file.name for cm in case.materials.select_related("blob") if cm.blob_id]
    orphan = crashed_upload(b"%PDF-1.7\n" + b"orphan" * 20)
    for name in live + [orphan]:
        age(name, 48)

    report = sweep_orphans()

    assert report.deleted == [orphan]
    assert not default_storage.exists(orphan)
    assert all(default_storage.exists(name) for name in live)
    assert AuditEvent.objects.filter(action="cases.files.sweep").get().data["deleted"] == [orphan]


def test_a_young_orphan_may_be_an_upload_in_flight_and_is_kept(org):
    orphan = crashed_upload(b"%PDF-1.7\n" + b"young" * 20)
    report = sweep_orphans()
    assert report.deleted == [] and report.young == 1
    assert default_storage.exists(orphan)


def test_a_file_stored_again_after_its_orphan_was_swept_is_written_again(org):
    content = b"%PDF-1.7\n" + b"again" * 20
    orphan = crashed_upload(content)
    age(orphan, 48)
    sweep_orphans()
    blob = store_blob(("营业执照.pdf", content, "application/pdf"))
    assert blob.file.name == orphan and default_storage.open(orphan).read() == content


def test_the_command_lists_without_deleting_on_a_dry_run(org, capsys):
    orphan = crashed_upload(b"%PDF-1.7\n" + b"dry" * 20)
    call_command("sweep_orphans", "--dry-run", "--grace-minutes", "0")
    assert "将删除 " + orphan in capsys.readouterr().out
    assert default_storage.exists(orphan)
    call_command("sweep_orphans", "--grace-minutes", "0")
    assert not default_storage.exists(orphan)
