"""Reads other apps ask of the e-licences (the inspections' object scope: who holds a licence of a type)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from .models import Licence


def type_variants(names: Iterable[str]) -> set[str]:
    """A licence type as a plan names it and as the licence carries it: 食品经营许可 and 食品经营许可证 are one."""
    out = set()
    for name in names:
        base = "".join(str(name).split()).removesuffix("证")
        if base:
            out |= {base, base + "证"}
    return out


def holders(types: Iterable[str], *, on: dt.date, kind: str = Licence.HolderKind.LEGAL) -> set[str]:
    """The ID numbers / USCCs of the holders of a licence of any of `types` in force on `on` (not revoked, begun,
    not past its validity). The holder number is stored encrypted, so the licences of these types are read and
    decrypted — a type's licences, not the registry, are what is scanned."""
    wanted = type_variants(types)
    if not wanted:
        return set()
    qs = (Licence.objects.filter(licence_type__in=wanted, holder_kind=kind, status=Licence.Status.VALID,
                                 valid_from__lte=on)
          .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)).only("holder_id_number"))
    return {"".join(str(lic.holder_id_number).split()).upper() for lic in qs.iterator(chunk_size=2000)}
