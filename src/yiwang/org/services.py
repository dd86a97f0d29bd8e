"""Org state changes: applicants registered at a window or by themselves, credit flags."""
from django.db import IntegrityError, transaction

from yiwang.api.errors import Conflict, DomainError

from .identifiers import InvalidIdentifier, mask_ric, mask_uscc, validate_ric, validate_uscc
from .models import Applicant, User


def _audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def normalise_identifier(kind: str, id_number: str) -> str:
    try:
        if kind == Applicant.Kind.NATURAL:
            return validate_ric(id_number)
        if kind == Applicant.Kind.LEGAL:
            return validate_uscc(id_number)
    except InvalidIdentifier as exc:
        raise DomainError(str(exc), field="id_number") from None
    raise DomainError("申请人类型应为自然人或法人", field="kind")


def find_applicant(id_number: str) -> Applicant | None:
    """Look an applicant up by 身份证号 or USCC (validated first, so a typo is told, not just 'not found')."""
    raw = "".join(str(id_number or "").split()).upper()
    kind = Applicant.Kind.NATURAL if raw[:17].isdigit() and len(raw) == 18 else Applicant.Kind.LEGAL
    code = normalise_identifier(kind, raw)
    return Applicant.objects.by_identifier(code, kind).first()


@transaction.atomic
def register_applicant(*, actor, kind: str, name: str, id_number: str, phone: str = "", email: str = "",
                       address: str = "", legal_representative: str = "", user: User | None = None) -> Applicant:
    code = normalise_identifier(kind, id_number)
    if not (name or "").strip():
        raise DomainError("请填写申请人姓名或名称", field="name")
    applicant = Applicant(kind=kind, name=name.strip(), id_number=code, phone=phone, email=email,
                          address=address, legal_representative=legal_representative, user=user)
    if Applicant.objects.by_identifier(code, kind).exists():
        raise Conflict("该证件号码的申请人已登记", field="id_number")
    applicant.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError:
        raise Conflict("该证件号码的申请人已登记", field="id_number") from None
    _audit(actor=actor, action="org.applicant.register", target=applicant,
           after={"kind": kind, "name": applicant.name,  # the audit chain keeps identifiers masked
                  "id_number": mask_ric(code) if kind == Applicant.Kind.NATURAL else mask_uscc(code)})
    return applicant
