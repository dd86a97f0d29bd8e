"""Who may see which licences (staff of the issuing department, read-all roles, the holder)."""
from django.db.models import Q, QuerySet

from yiwang.org.models import Applicant
from yiwang.org.scoping import scope_of

from .models import Licence


def visible_licences(user) -> QuerySet[Licence]:
    qs = Licence.objects.select_related("department", "signing_key")
    scope = scope_of(user)
    if scope.reads_all:
        return qs
    if not user or not user.is_authenticated:
        return qs.none()
    ids = Applicant.objects.filter(pk__in=scope.applicant_ids).values_list("id_number", flat=True)
    return qs.filter(Q(department_id__in=scope.case_department_ids) | Q(holder_id_number__in=list(ids)))
