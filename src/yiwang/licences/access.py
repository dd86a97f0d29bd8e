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
    ids = [a.id_number for a in Applicant.objects.filter(pk__in=scope.applicant_ids).only("id_number")]
    holder = Q(pk__in=Licence.objects.by_holder(*ids).values("pk")) if ids else Q(pk__in=[])
    return qs.filter(Q(department_id__in=scope.case_department_ids) | holder)
