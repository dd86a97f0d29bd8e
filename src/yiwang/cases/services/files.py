"""Content-addressed storage of uploaded materials: the same file twice is stored once."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from yiwang.api.errors import DomainError

from .. import conf
from ..domain.files import FileRuleError, check_file
from ..models import Blob


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes
    content_type: str = ""

    @classmethod
    def of(cls, f) -> Upload:
        """An Upload from itself, a Django UploadedFile, or a (name, bytes[, type]) tuple."""
        if isinstance(f, Upload):
            return f
        if isinstance(f, tuple):
            return cls(*f)
        data = f.read()
        return cls(getattr(f, "name", "") or "upload", data, getattr(f, "content_type", "") or "")


def store_blob(upload, *, field: str = "files") -> Blob:
    """Check size and type, then store the file once under its SHA-256 (an existing blob is reused)."""
    upload = Upload.of(upload)
    try:
        sha, size, kind = check_file(upload.content, upload.content_type, max_bytes=conf.max_upload_bytes(),
                                     allowed=conf.allowed_upload_types())
    except FileRuleError as exc:
        raise DomainError(f"“{upload.name}”：{exc}", field=field) from None
    existing = Blob.objects.filter(sha256=sha).first()
    if existing:
        return existing
    path = f"cases/blobs/{sha[:2]}/{sha}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(upload.content))
    try:
        with transaction.atomic():
            blob = Blob.objects.create(sha256=sha, size=size, content_type=kind, file=path)
            if not default_storage.exists(path):  # an orphan of the same content swept meanwhile: write it again
                default_storage.save(path, ContentFile(upload.content))
            return blob
    except IntegrityError:  # stored by a concurrent upload of the same file
        return Blob.objects.get(sha256=sha)
