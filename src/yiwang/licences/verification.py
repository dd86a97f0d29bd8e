"""Verification of a scanned or uploaded licence: valid, revoked (with date and reason) or forged.

Shows only what is printed on the licence, personal identifiers masked (they are masked in the payload)."""
from __future__ import annotations

import re

from django.utils import timezone

from .domain.payload import TOKEN_RE, decode_token, MalformedPayload
from .domain.verify import FORGED, REVOKED, SUPERSEDED, VALID, PublicKey, Verdict, check_signature
from .keys import public_keys
from .models import Licence, LicenceEvent

# What the public verification tells of a licence's life after issue (art. 49, 50, 70): kind → shown
SHOWN_EVENTS = (LicenceEvent.Kind.RENEWED, LicenceEvent.Kind.DEEMED_RENEWED, LicenceEvent.Kind.CHANGED,
                LicenceEvent.Kind.CANCELLED)

_PDF_MARK = re.compile(rb"yiwang-licence:([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)")


def token_from_pdf(data: bytes) -> str:
    """The token from a licence PDF: its metadata (Keywords) or, failing that, the verification link anywhere
    in the file. Empty string if none."""
    match = _PDF_MARK.search(data)
    if match:
        return match.group(1).decode("ascii")
    match = TOKEN_RE.search(data.decode("latin-1"))
    return match.group(0) if match else ""


def verify_token(token: str, *, keys: dict[str, PublicKey] | None = None, with_status: bool = True) -> Verdict:
    """Check the signature (against the platform's keys, or `keys` given), then, with_status, the register:
    the licence must exist with exactly this payload; revoked licences answer 'revoked'."""
    verdict = check_signature(token, public_keys() if keys is None else keys)
    if verdict.status != VALID or not with_status:
        return verdict
    decoded = verdict.decoded
    licence = Licence.objects.filter(number=decoded.fields["number"]).select_related("signing_key").first()
    if licence is None:
        return Verdict(FORGED, "平台证照库中没有与之相符的证照", decoded)
    current = licence.signing_key.key_id == decoded.key_id and \
        decode_token(licence.token).payload_bytes == decoded.payload_bytes
    history = [{"kind": e.kind, "label": e.get_kind_display(), "on": e.on.isoformat(), "note": e.note}
               for e in licence.events.filter(kind__in=SHOWN_EVENTS).order_by("at", "id")]
    verdict.extra["history"] = history
    verdict.extra["deemed_renewed"] = licence.deemed_renewed
    if not current:
        superseded_by = licence.events.filter(previous_token=token).order_by("at", "id").first()
        if superseded_by is None:
            return Verdict(FORGED, "平台证照库中没有与之相符的证照", decoded)
        verdict.extra.update(licence_id=licence.pk, current_valid_until=(licence.valid_until.isoformat()
                                                                         if licence.valid_until else "长期"))
        if licence.status == Licence.Status.REVOKED:
            return Verdict(REVOKED, "该证照已注销", decoded, verdict.key, revoked_at=licence.revoked_at,
                           revoked_reason=licence.revoked_reason, extra=verdict.extra)
        return Verdict(SUPERSEDED, f"该证照已于{superseded_by.on:%Y年%m月%d日}{superseded_by.get_kind_display()}，"
                                   "原签名真实有效，现行内容以平台证照库为准", decoded, verdict.key, extra=verdict.extra)
    verdict.extra["licence_id"] = licence.pk
    if decoded.scope_digest:  # the code carries only the scope's digest; the register holds the text it matches
        verdict.extra["scope"] = licence.scope
    if licence.status == Licence.Status.REVOKED:
        return Verdict(REVOKED, "该证照已注销", decoded, verdict.key, revoked_at=licence.revoked_at,
                       revoked_reason=licence.revoked_reason, extra=verdict.extra)
    return verdict


def shown_fields(verdict: Verdict) -> dict | None:
    """What the licence prints, for display (None for forged codes: nothing of theirs is shown)."""
    if verdict.status == FORGED or verdict.decoded is None:
        return None
    f = verdict.decoded.fields
    today = timezone.localdate().isoformat()
    return {
        "number": f["number"],
        "licence_type": f["licence_type"],
        "holder_name": f["holder_name"],
        "holder_id": f["holder_id_masked"],
        "scope": f.get("scope") or verdict.extra.get("scope") or ("（许可范围以证照原件为准，已校验摘要）" if verdict.decoded.scope_digest else ""),
        "valid_from": f["valid_from"],
        "valid_until": f["valid_until"] or "长期",
        "department_code": f["department_code"],
        "department_name": verdict.key.department_name if verdict.key else "",
        "issued_on": f["issued_on"],
        "key_id": f["key_id"],
        "expired": bool(f["valid_until"]) and f["valid_until"] < today,
    }


def as_dict(verdict: Verdict) -> dict:
    return {
        "status": verdict.status,
        "status_label": verdict.label,
        "reason": verdict.reason,
        "revoked_at": timezone.localtime(verdict.revoked_at).isoformat() if verdict.revoked_at else None,
        "revoked_reason": verdict.revoked_reason or "",
        "licence": shown_fields(verdict),
        "history": verdict.extra.get("history", []),
        "deemed_renewed": bool(verdict.extra.get("deemed_renewed")),
        "current_valid_until": verdict.extra.get("current_valid_until", ""),
    }


__all__ = ["token_from_pdf", "verify_token", "shown_fields", "as_dict", "MalformedPayload"]
