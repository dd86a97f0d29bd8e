"""Registry state changes: every one here, in a transaction, audited, version-checked.

Pages, the API, the import, `yiwang synth` helpers and the other apps (credit fills `credit_grade` through
`set_credit_grade`) all come through these functions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.org.identifiers import InvalidIdentifier, validate_uscc
from yiwang.org.models import Applicant, Park, Region

from .domain import industry as industry_table
from .domain import scale as scale_rule
from .models import Enterprise, EnterpriseTag, Industry, Scale, Tag, YearlyFigure

PROFILE_FIELDS = ("name", "entity_type", "industry", "registered_capital", "capital_currency", "founded_on",
                  "status", "region", "park", "address", "legal_representative", "contact_name", "contact_phone",
                  "business_scope")
FIGURE_FIELDS = ("headcount", "revenue", "total_assets", "tax_paid")


def _audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def _snapshot(e: Enterprise) -> dict:
    return {
        "uscc": e.uscc, "name": e.name, "entity_type": e.entity_type, "industry": e.industry_id or "",
        "registered_capital": e.registered_capital, "capital_currency": e.capital_currency,
        "founded_on": e.founded_on, "status": e.status, "region": e.region_id, "park": e.park_id,
        "address": e.address, "legal_representative": e.legal_representative, "contact_name": e.contact_name,
        "contact_phone": e.contact_phone, "scale": e.scale, "scale_override": e.scale_override,
        "scale_override_reason": e.scale_override_reason, "version": e.version,
    }


def normalise_uscc(value) -> str:
    try:
        return validate_uscc(value)
    except InvalidIdentifier as exc:
        raise DomainError(str(exc), field="uscc") from None


def resolve_industry(value) -> Industry | None:
    """An Industry from an instance, a code ("C3911", "3911") or None/""; a Chinese field error otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, Industry):
        return value
    try:
        row = industry_table.lookup(str(value))
    except ValueError as exc:
        raise DomainError(str(exc), field="industry") from None
    industry = Industry.objects.filter(code=row.code).first()
    if industry is None:  # table not loaded: a deployment fault, said plainly
        raise DomainError("行业代码表未载入，请运行数据库迁移", field="industry")
    return industry


def _decimal(value, field: str, label: str, *, allow_negative: bool = False) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError(f"{label}应为数字（单位：万元），当前为“{value}”", field=field) from None
    if not number.is_finite():
        raise DomainError(f"{label}应为数字", field=field)
    if number < 0 and not allow_negative:
        raise DomainError(f"{label}不能为负数", field=field)
    return number.quantize(Decimal("0.01")) if field != "registered_capital" else number


def _headcount(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(f"从业人员应为整数，当前为“{value}”", field="headcount") from None
    if number != number.to_integral_value():
        raise DomainError("从业人员应为整数", field="headcount")
    if number < 0:
        raise DomainError("从业人员不能为负数", field="headcount")
    return int(number)


def _date(value, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError(f"{label}应为日期（如2020-05-18），当前为“{value}”", field=field)


def _choice(value, choices, field: str, label: str, default=None):
    if value in (None, ""):
        if default is not None:
            return default
        raise DomainError(f"请填写{label}", field=field)
    by_label = {str(lbl): key for key, lbl in choices.choices}
    if value in choices.values:
        return value
    if str(value).strip() in by_label:
        return by_label[str(value).strip()]
    allowed = "、".join(str(lbl) for _, lbl in choices.choices)
    raise DomainError(f"{label}“{value}”无效，应为：{allowed}", field=field)


def _region(value) -> Region | None:
    if value in (None, ""):
        return None
    if isinstance(value, Region):
        return value
    region = Region.objects.filter(code=str(value).strip()).first() or Region.objects.filter(
        name=str(value).strip()).first()
    if region is None:
        raise DomainError(f"行政区划“{value}”不存在", field="region")
    return region


def _park(value) -> Park | None:
    if value in (None, ""):
        return None
    if isinstance(value, Park):
        return value
    park = Park.objects.filter(code=str(value).strip()).first() or Park.objects.filter(
        name=str(value).strip()).first()
    if park is None:
        raise DomainError(f"园区“{value}”不存在", field="park")
    return park


def clean_profile_fields(fields: dict, *, partial: bool) -> dict:
    """Parse and check profile fields; raises DomainError naming the field. Unknown keys are refused."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(f"未知字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    out = {}
    if "name" in fields or not partial:
        name = " ".join(str(fields.get("name") or "").split())
        if not name:
            raise DomainError("请填写企业名称", field="name")
        if len(name) > 200:
            raise DomainError("企业名称不超过200字", field="name")
        out["name"] = name
    if "entity_type" in fields or not partial:
        out["entity_type"] = _choice(fields.get("entity_type"), Enterprise.EntityType, "entity_type",
                                     "市场主体类型", default=Enterprise.EntityType.LLC)
    if "status" in fields or not partial:
        out["status"] = _choice(fields.get("status"), Enterprise.Status, "status", "登记状态",
                                default=Enterprise.Status.ACTIVE)
    if "industry" in fields:
        out["industry"] = resolve_industry(fields["industry"])
    if "registered_capital" in fields:
        out["registered_capital"] = _decimal(fields["registered_capital"], "registered_capital", "注册资本")
    if "capital_currency" in fields:
        out["capital_currency"] = str(fields["capital_currency"] or "人民币").strip()[:10]
    if "founded_on" in fields:
        founded = _date(fields["founded_on"], "founded_on", "成立日期")
        if founded and founded > timezone.localdate():
            raise DomainError("成立日期不能晚于今天", field="founded_on")
        out["founded_on"] = founded
    if "region" in fields:
        out["region"] = _region(fields["region"])
    if "park" in fields:
        out["park"] = _park(fields["park"])
    for key, limit in (("address", 200), ("legal_representative", 100), ("contact_name", 50),
                       ("contact_phone", 20)):
        if key in fields:
            value = str(fields[key] or "").strip()
            if len(value) > limit:
                raise DomainError(f"{Enterprise._meta.get_field(key).verbose_name}不超过{limit}字", field=key)
            out[key] = value
    if "business_scope" in fields:
        out["business_scope"] = str(fields["business_scope"] or "").strip()
    if out.get("park") is not None and out.get("region") is None and "region" not in fields:
        out["region"] = out["park"].region
    return out


def _apply(e: Enterprise, clean: dict) -> None:
    for key, value in clean.items():
        setattr(e, key, value)
    if "industry" in clean:
        e.industry_section = clean["industry"].section if clean["industry"] else ""


def rederive_scale(e: Enterprise) -> scale_rule.ScaleResult:
    """Recompute the derived scale from the industry and the latest figures (no save, no audit)."""
    if e.industry_id:
        result = scale_rule.derive_scale(section=e.industry_section, code=e.industry_id if e.industry_id.isdigit()
                                         else "", headcount=e.headcount, revenue=e.revenue, assets=e.total_assets)
    else:
        result = scale_rule.ScaleResult(None, None, "", ["未填写行业，无法划型"])
    e.scale_derived = result.scale or ""
    basis = result.explanation
    if e.figures_year:
        basis = f"依据{e.figures_year}年度数据：{basis}"
    e.scale_basis = basis
    e.scale = e.scale_override or e.scale_derived
    return result


def _link_applicant(e: Enterprise) -> None:
    if e.applicant_id is None:
        applicant = Applicant.objects.by_identifier(e.uscc, Applicant.Kind.LEGAL).filter(
            enterprise__isnull=True).first()
        if applicant is not None:
            e.applicant = applicant


def _check_version(e: Enterprise, expected_version) -> None:
    if expected_version is not None and int(expected_version) != e.version:
        raise Conflict(f"企业档案已被他人修改（当前版本{e.version}），请刷新后重试", field="version",
                       extra={"current_version": e.version})


@transaction.atomic
def register_enterprise(*, actor, uscc, name, **fields) -> Enterprise:
    """Create a profile. Ties it to the legal-person applicant with the same USCC when one is registered."""
    code = normalise_uscc(uscc)
    clean = clean_profile_fields({"name": name, **fields}, partial=False)
    if Enterprise.objects.filter(uscc=code).exists():
        raise Conflict("该统一社会信用代码的企业已建档", field="uscc")
    e = Enterprise(uscc=code)
    _apply(e, clean)
    _link_applicant(e)
    rederive_scale(e)
    try:
        with transaction.atomic():
            e.save()
    except IntegrityError:
        raise Conflict("该统一社会信用代码的企业已建档", field="uscc") from None
    _audit(actor=actor, action="enterprises.enterprise.register", target=e, after=_snapshot(e))
    return e


@transaction.atomic
def update_enterprise(enterprise: Enterprise, *, actor, expected_version=None, reason: str = "",
                      **fields) -> Enterprise:
    """Change profile fields (only those given). Refuses a stale `expected_version`."""
    e = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _check_version(e, expected_version)
    clean = clean_profile_fields(fields, partial=True)
    before = _snapshot(e)
    _apply(e, clean)
    _link_applicant(e)
    rederive_scale(e)
    after = _snapshot(e)
    changed = {k for k in after if after[k] != before[k]} - {"version"}
    if not changed:
        return e
    e.version += 1
    e.save()
    _audit(actor=actor, action="enterprises.enterprise.update", target=e,
           before={k: before[k] for k in changed}, after={k: _snapshot(e)[k] for k in changed},
           data={"reason": reason} if reason else None)
    return e


def upsert_enterprise(*, actor, uscc, **fields) -> tuple[Enterprise, bool]:
    """Create, or update the profile with this USCC (the import's update mode). Returns (profile, created)."""
    code = normalise_uscc(uscc)
    existing = Enterprise.objects.filter(uscc=code).first()
    if existing is None:
        return register_enterprise(actor=actor, uscc=code, **fields), True
    return update_enterprise(existing, actor=actor, **fields), False


def _refresh_latest(e: Enterprise) -> None:
    latest = YearlyFigure.objects.filter(enterprise=e, is_current=True).order_by("-year").first()
    if latest is None:
        e.figures_year = e.headcount = e.revenue = e.total_assets = e.tax_paid = None
        return
    e.figures_year = latest.year
    for key in FIGURE_FIELDS:
        setattr(e, key, getattr(latest, key))


@transaction.atomic
def record_yearly_figures(enterprise: Enterprise, *, actor, year, headcount=None, revenue=None, total_assets=None,
                          tax_paid=None, source: str = YearlyFigure.Source.ANNUAL_REPORT, note: str = "",
                          expected_version=None) -> YearlyFigure:
    """Record (or correct) one year's figures. A correction adds a revision and keeps the earlier one as history.
    The profile's latest figures and its derived scale follow."""
    e = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _check_version(e, expected_version)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"年度应为四位年份，当前为“{year}”", field="year") from None
    if not 1949 <= year <= timezone.localdate().year:
        raise DomainError(f"年度{year}不在有效范围（1949年至今年）", field="year")
    values = {
        "headcount": _headcount(headcount),
        "revenue": _decimal(revenue, "revenue", "营业收入"),
        "total_assets": _decimal(total_assets, "total_assets", "资产总额"),
        "tax_paid": _decimal(tax_paid, "tax_paid", "纳税额"),
    }
    if all(v is None for v in values.values()):
        raise DomainError("请至少填写一项年度数据（从业人员、营业收入、资产总额或纳税额）", field="headcount")
    source = _choice(source, YearlyFigure.Source, "source", "数据来源", default=YearlyFigure.Source.ANNUAL_REPORT)
    previous = YearlyFigure.objects.select_for_update().filter(enterprise=e, year=year, is_current=True).first()
    if previous and all(getattr(previous, k) == v for k, v in values.items()):
        return previous
    revision = 1
    if previous:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        revision = previous.revision + 1
    figure = YearlyFigure.objects.create(enterprise=e, year=year, revision=revision, source=source,
                                         note=str(note or "")[:200],
                                         recorded_by=actor if getattr(actor, "pk", None) else None, **values)
    before_scale = e.scale
    _refresh_latest(e)
    rederive_scale(e)
    e.version += 1
    e.save()
    _audit(actor=actor, action="enterprises.figures.record", target=e,
           before={k: getattr(previous, k) for k in FIGURE_FIELDS} if previous else None,
           after={**values, "year": year, "revision": revision, "source": source},
           data={"scale_before": before_scale, "scale_after": e.scale, "scale_basis": e.scale_basis})
    return figure


@transaction.atomic
def override_scale(enterprise: Enterprise, *, actor, scale: str, reason: str, expected_version=None) -> Enterprise:
    """Set a scale by hand (e.g. a 统计部门 determination) with a reason; an empty scale clears the override."""
    e = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _check_version(e, expected_version)
    reason = str(reason or "").strip()
    if scale:
        scale = _choice(scale, Scale, "scale", "企业规模")
        if not reason:
            raise DomainError("人工认定规模须写明理由", field="reason")
    before = {"scale": e.scale, "scale_override": e.scale_override, "scale_override_reason": e.scale_override_reason}
    e.scale_override = scale or ""
    e.scale_override_reason = reason[:200] if scale else ""
    rederive_scale(e)
    e.version += 1
    e.save()
    _audit(actor=actor, action="enterprises.scale.override" if scale else "enterprises.scale.override_cleared",
           target=e, before=before,
           after={"scale": e.scale, "scale_override": e.scale_override,
                  "scale_override_reason": e.scale_override_reason},
           data={"reason": reason} if reason else None)
    return e


@transaction.atomic
def add_tag(enterprise: Enterprise, *, actor, tag: Tag | str, source: str = "", reference: str = "",
            valid_from=None, valid_to=None) -> EnterpriseTag:
    """Give an enterprise a managed tag (or renew it: the same tag again updates its source and dates)."""
    if not isinstance(tag, Tag):
        tag_obj = Tag.objects.filter(code=str(tag).strip()).first() or Tag.objects.filter(
            name=str(tag).strip()).first()
        if tag_obj is None:
            raise DomainError(f"标签“{tag}”不在标签目录中", field="tag")
        tag = tag_obj
    if not tag.is_active:
        raise DomainError(f"标签“{tag.name}”已停用", field="tag")
    e = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    valid_from = _date(valid_from, "valid_from", "有效期起")
    valid_to = _date(valid_to, "valid_to", "有效期止")
    if valid_from and tag.default_validity_years and valid_to is None:
        try:
            valid_to = valid_from.replace(year=valid_from.year + tag.default_validity_years) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            valid_to = valid_from.replace(month=2, day=28, year=valid_from.year + tag.default_validity_years)
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError("有效期止不能早于有效期起", field="valid_to")
    held, created = EnterpriseTag.objects.select_for_update().get_or_create(
        enterprise=e, tag=tag,
        defaults={"source": source or tag.source, "reference": reference, "valid_from": valid_from,
                  "valid_to": valid_to, "added_by": actor if getattr(actor, "pk", None) else None},
    )
    before = None
    if not created:
        before = {"source": held.source, "reference": held.reference, "valid_from": held.valid_from,
                  "valid_to": held.valid_to}
        held.source, held.reference = source or tag.source, reference
        held.valid_from, held.valid_to = valid_from, valid_to
        held.save()
    e.version += 1
    e.save(update_fields=["version", "updated_at"])
    _audit(actor=actor, action="enterprises.tag.add" if created else "enterprises.tag.renew", target=e,
           before=before, after={"tag": tag.code, "source": held.source, "reference": held.reference,
                                 "valid_from": held.valid_from, "valid_to": held.valid_to})
    return held


@transaction.atomic
def remove_tag(enterprise: Enterprise, *, actor, tag: Tag | str, reason: str) -> None:
    code = tag.code if isinstance(tag, Tag) else str(tag)
    if not str(reason or "").strip():
        raise DomainError("移除标签须写明原因", field="reason")
    e = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    held = EnterpriseTag.objects.filter(enterprise=e, tag__code=code).select_related("tag").first()
    if held is None:
        raise DomainError("该企业没有此标签", field="tag")
    before = {"tag": code, "source": held.source, "valid_from": held.valid_from, "valid_to": held.valid_to}
    held.delete()
    e.version += 1
    e.save(update_fields=["version", "updated_at"])
    _audit(actor=actor, action="enterprises.tag.remove", target=e, before=before, data={"reason": reason.strip()})


@transaction.atomic
def set_credit_grade(enterprise: Enterprise, *, actor, grade: str, basis: str = "") -> Enterprise:
    """The slot the credit capability fills: its grade (A/B/C/D or the local scale), with the time it was set."""
    e = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    grade = str(grade or "").strip()[:10]
    if grade == e.credit_grade:
        return e
    before = {"credit_grade": e.credit_grade}
    e.credit_grade = grade
    e.credit_grade_at = timezone.now() if grade else None
    e.save(update_fields=["credit_grade", "credit_grade_at", "updated_at"])
    _audit(actor=actor, action="enterprises.credit_grade.set", target=e, before=before,
           after={"credit_grade": grade}, data={"basis": basis} if basis else None)
    return e
