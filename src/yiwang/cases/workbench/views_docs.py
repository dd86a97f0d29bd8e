"""The case documents as PDFs, for the case's applicant (or their agent) and for staff in scope; 404 otherwise."""
from __future__ import annotations

from django.http import Http404, HttpResponse

from ..documents import NOTICE_KINDS, DocumentUnavailable, decision_pdf, notice_pdf, receipt_pdf
from .access import readable_case
from .licensing import licences_of


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def receipt(request, pk):
    case = readable_case(request.user, pk)
    try:
        return _pdf(receipt_pdf(case), f"receipt-{case.number}.pdf")
    except DocumentUnavailable as exc:
        raise Http404(str(exc)) from None


def notice(request, pk, kind):
    if kind not in NOTICE_KINDS:
        raise Http404("没有这种告知书")
    case = readable_case(request.user, pk)
    n = request.GET.get("n", "")
    try:
        return _pdf(notice_pdf(case, kind, int(n) if n.isdigit() else None), f"{kind}-{case.number or case.pk}.pdf")
    except DocumentUnavailable as exc:
        raise Http404(str(exc)) from None


def decision(request, pk):
    case = readable_case(request.user, pk)
    licences = licences_of(case)
    try:
        return _pdf(decision_pdf(case, licence_number=licences[0].number if licences else ""),
                    f"decision-{case.number}.pdf")
    except DocumentUnavailable as exc:
        raise Http404(str(exc)) from None
