"""What a submission says, as one digest (no Django): a retry with the same Idempotency-Key must say the same,
otherwise the key is being reused for another application (409), never silently answered with the old case."""
from __future__ import annotations

import hashlib
import json


def submission_digest(*, target: str, applicant_id: int, files: dict, commitments=(), form_data=None) -> str:
    """SHA-256 over the item (or bundle) applied for, the applicant, each material's file content (material key →
    SHA-256 of its bytes), the commitments and the form. Order of parts and of JSON keys does not matter."""
    doc = {
        "target": str(target),
        "applicant": int(applicant_id),
        "files": {str(k): str(v) for k, v in sorted(files.items(), key=lambda kv: str(kv[0]))},
        "commitments": sorted({str(c) for c in commitments or ()}),
        "form": form_data or {},
    }
    raw = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def content_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
