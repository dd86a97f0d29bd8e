"""Does the configured key-encryption key open the keys kept sealed in the database (or in a dump)?"""
from __future__ import annotations

import base64

from yiwang.common import kek, sm

# (model label, key id field, sealed field, the KEK master that seals it)
SEALED = [
    ("licences.signingkey", "key_id", "private_key_sealed", lambda: kek.master_key()),
    ("org.datakey", "key_id", "sealed", lambda: kek.master_for("pii")),
    ("audit.checkpointkey", "key_id", "private_key_sealed", lambda: kek.master_for("audit")),
]


def _opens(blob: bytes, master: bytes, key_id: str) -> bool:
    try:
        sm.unwrap_key(blob, master, key_id)
        return True
    except sm.KeyUnwrapError:
        return False


def check_database() -> tuple[int, list[str]]:
    """(keys checked, key ids the KEK does not open) over the live database."""
    from django.apps import apps

    checked, failed = 0, []
    for label, id_field, sealed_field, master in SEALED:
        model = apps.get_model(label)
        m = master()
        for key_id, blob in model.objects.values_list(id_field, sealed_field):
            checked += 1
            if not _opens(bytes(blob), m, key_id):
                failed.append(f"{label}:{key_id}")
    return checked, failed


def check_dump(objects: list[dict]) -> tuple[int, list[str]]:
    """The same over a dumpdata JSON list (BinaryField values are base64 there)."""
    masters = {label: (id_field, sealed_field, master()) for label, id_field, sealed_field, master in SEALED}
    checked, failed = 0, []
    for obj in objects:
        spec = masters.get(obj.get("model"))
        if spec is None:
            continue
        id_field, sealed_field, m = spec
        fields = obj["fields"]
        checked += 1
        if not _opens(base64.b64decode(fields[sealed_field]), m, fields[id_field]):
            failed.append(f"{obj['model']}:{fields[id_field]}")
    return checked, failed
