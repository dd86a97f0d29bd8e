"""Policies API (/api/v1/policies/…), scoped as the registry is: the published list is public; drafts, matches
and rounds for policy staff and the responsible department; an enterprise's explanation, grants and objections
for those who may see the enterprise (visible_enterprises) — anything else is a 404. Every change goes through the
service functions; bad input answers field by field in Chinese."""
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from yiwang.enterprises import access as ent_access
from yiwang.enterprises.models import Enterprise

from . import access, queries, rulesql, services
from .domain import rules
from .models import Benefit, Grant, GrantRound, Objection, Policy, RoundEntry


class BenefitSerializer(serializers.ModelSerializer):
    amount_text = serializers.SerializerMethodField()

    class Meta:
        model = Benefit
        fields = ["kind", "description", "amount_type", "amount", "figure", "rate", "cap", "amount_text"]

    def get_amount_text(self, obj) -> str:
        return obj.amount_rule.describe()


class PolicySerializer(serializers.ModelSerializer):
    lead_department_name = serializers.CharField(source="lead_department.name", read_only=True)
    benefits = BenefitSerializer(many=True, read_only=True)
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Policy
        fields = ["id", "number", "title", "summary", "body", "lead_department", "lead_department_name",
                  "departments", "themes", "mode", "mode_label", "catalog_item", "issued_on", "published_on",
                  "effective_from", "effective_to", "status", "status_label", "publishes_grant_list", "rule",
                  "rule_text", "rule_version", "matched_version", "matched_at", "match_count", "benefits", "version"]


class PolicyWriteSerializer(serializers.Serializer):
    number = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    lead_department = serializers.IntegerField(required=False)
    departments = serializers.ListField(child=serializers.IntegerField(), required=False)
    themes = serializers.ListField(child=serializers.CharField(), required=False)
    mode = serializers.CharField(required=False)
    catalog_item = serializers.IntegerField(required=False, allow_null=True)
    issued_on = serializers.CharField(required=False)
    effective_from = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    effective_to = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    publishes_grant_list = serializers.BooleanField(required=False)
    expected_version = serializers.IntegerField(required=False)


class EntrySerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)

    class Meta:
        model = RoundEntry
        fields = ["id", "enterprise", "enterprise_name", "uscc", "amount", "explanation", "excluded",
                  "exclusion_reason"]


class RoundSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = GrantRound
        fields = ["id", "number", "title", "policy", "status", "status_label", "rule_version", "proposed_by",
                  "proposed_at", "submitted_by", "submitted_at", "confirmed_by", "confirmed_at", "published_at",
                  "version"]


class GrantSerializer(serializers.ModelSerializer):
    policy_title = serializers.CharField(source="policy.title", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Grant
        fields = ["id", "policy", "policy_title", "enterprise", "enterprise_name", "mode", "round", "amount",
                  "rule_version", "explanation", "reference", "granted_at", "status", "revoked_reason", "revoked_at"]


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["id", "policy", "enterprise", "text", "raised_on", "due_on", "status", "answer", "answered_on",
                  "grant"]


def _body(name, **fields):
    return inline_serializer(name=f"Policy{name}Request", fields=fields)


TEXT = serializers.CharField(required=False, allow_blank=True)
VERSION = serializers.IntegerField(required=False)
RULE = serializers.JSONField(help_text="JsonLogic (docs/decisions/0012-policy-rules-jsonlogic.md)")


def _id(value) -> int:
    """An id from the request, or 0 (nothing found) for anything that is not a plausible one."""
    raw = str(value if value is not None else "")
    return int(raw) if raw.isdigit() and len(raw) <= 12 else 0


def _explain_payload(policy, enterprise) -> dict:
    from .facts import facts_for, vocabulary
    from .services.matching import context, tree_of

    ex = rules.explain(tree_of(policy), facts_for(enterprise), context(policy), vocabulary(check=False))
    return {"policy": policy.pk, "enterprise": enterprise.pk, "rule_version": policy.rule_version, **ex.as_dict()}


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PolicySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        u = self.request.user
        staff = access.is_policy_staff(u)
        qs = Policy.objects.all() if staff else Policy.objects.filter(
            Q(status__in=queries.PUBLIC_STATUSES) | Q(lead_department_id__in=access.round_departments(u)))
        p = self.request.query_params
        if p.get("q"):
            qs = qs.filter(Q(title__icontains=p["q"]) | Q(number__icontains=p["q"]))
        for f in ("mode", "status"):
            if p.get(f):
                qs = qs.filter(**{f: p[f]})
        return qs.select_related("lead_department").prefetch_related("benefits", "departments")

    def _staff(self):
        if not access.is_policy_staff(self.request.user):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("只有政策管理人员可以执行此操作")

    def _done(self, p, code=status.HTTP_200_OK):
        return Response(PolicySerializer(Policy.objects.get(pk=p.pk)).data, status=code)

    @extend_schema(request=PolicyWriteSerializer, responses={201: PolicySerializer})
    def create(self, request):
        self._staff()
        s = PolicyWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = dict(s.validated_data)
        v.pop("expected_version", None)
        deps = v.pop("departments", [])
        from yiwang.org.models import Department

        p = services.create_policy(actor=request.user, departments=Department.objects.filter(pk__in=deps), **v)
        return self._done(p, status.HTTP_201_CREATED)

    @extend_schema(request=PolicyWriteSerializer, responses=PolicySerializer)
    def partial_update(self, request, pk=None):
        self._staff()
        s = PolicyWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = dict(s.validated_data)
        ev = v.pop("expected_version", None)
        deps = v.pop("departments", None)
        from yiwang.org.models import Department

        p = services.update_policy(self.get_object(), actor=request.user, expected_version=ev,
                                   departments=None if deps is None else Department.objects.filter(pk__in=deps), **v)
        return self._done(p)

    @extend_schema(request=_body("Rule", rule=RULE, expected_version=VERSION), responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def rule(self, request, pk=None):
        self._staff()
        return self._done(services.set_rule(self.get_object(), actor=request.user, rule=request.data.get("rule"),
                                            expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Preview", rule=RULE), responses=inline_serializer(
        name="PolicyPreview", fields={"text": serializers.CharField(), "count": serializers.IntegerField()}))
    @action(detail=True, methods=["post"])
    def preview(self, request, pk=None):
        """The plain-Chinese rendering and how many enterprises the rule selects now (nothing is stored)."""
        self._staff()
        from .services.policies import parse_rule

        p = self.get_object()
        tree, text = parse_rule(request.data.get("rule"))
        from .services.matching import context

        return Response({"text": text, "count": Enterprise.objects.filter(rulesql.to_q(tree, context(p))).count()})

    @extend_schema(request=_body("Benefits", benefits=serializers.ListField(child=serializers.DictField()),
                                 expected_version=VERSION), responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def benefits(self, request, pk=None):
        self._staff()
        return self._done(services.set_benefits(self.get_object(), actor=request.user,
                                                benefits=request.data.get("benefits") or [],
                                                expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Publish", expected_version=VERSION), responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        self._staff()
        return self._done(services.publish(self.get_object(), actor=request.user,
                                           expected_version=request.data.get("expected_version")))

    @extend_schema(request=_body("Withdraw", reason=TEXT, expected_version=VERSION), responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        self._staff()
        return self._done(services.withdraw(self.get_object(), actor=request.user, reason=request.data.get("reason"),
                                            expected_version=request.data.get("expected_version")))

    @extend_schema(parameters=[OpenApiParameter("enterprise", int, required=True)], responses=inline_serializer(
        name="PolicyExplanation", fields={"verdict": serializers.BooleanField(allow_null=True),
                                          "lines": serializers.ListField(child=serializers.DictField()),
                                          "missing": serializers.ListField(child=serializers.CharField())}))
    @action(detail=True, methods=["get"])
    def explain(self, request, pk=None):
        """One enterprise against this policy: each condition with the enterprise's value, met / not met /
        unknown, and the near-miss set."""
        p = self.get_object()
        if not p.rule:
            raise NotFound("该政策尚未设置资格条件")
        e = get_object_or_404(ent_access.visible_enterprises(request.user), pk=_id(request.query_params.get("enterprise")))
        return Response(_explain_payload(p, e))

    @extend_schema(responses=inline_serializer(name="PolicyMatchList", fields={
        "count": serializers.IntegerField(), "results": serializers.ListField(child=serializers.DictField())}))
    @action(detail=True, methods=["get"])
    def matches(self, request, pk=None):
        p = self.get_object()
        if not (access.is_policy_staff(request.user) or access.works_for(request.user, p)):
            raise NotFound("未找到，或您无权查看")
        qs = p.matches.select_related("enterprise").order_by("enterprise__name")
        rows = [{"enterprise": m.enterprise_id, "name": m.enterprise.name, "uscc": m.enterprise.uscc,
                 "rule_version": m.rule_version, "computed_at": m.computed_at} for m in qs[:1000]]
        return Response({"count": qs.count(), "results": rows})

    @extend_schema(request=_body("Propose", title=TEXT), responses={201: RoundSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        r = services.propose_round(self.get_object(), actor=request.user, title=request.data.get("title", ""))
        return Response(RoundSerializer(r).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=_body("Instant", enterprise=serializers.IntegerField()), responses={201: GrantSerializer})
    @action(detail=True, methods=["post"])
    def instant(self, request, pk=None):
        e = get_object_or_404(ent_access.visible_enterprises(request.user), pk=_id(request.data.get("enterprise")))
        g = services.instant_apply(self.get_object(), e, actor=request.user)
        return Response(GrantSerializer(g).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=_body("Object", enterprise=serializers.IntegerField(), text=TEXT),
                   responses={201: ObjectionSerializer})
    @action(detail=True, methods=["post"], url_path="objections")
    def object_(self, request, pk=None):
        e = get_object_or_404(ent_access.visible_enterprises(request.user), pk=_id(request.data.get("enterprise")))
        o = services.raise_objection(self.get_object(), e, actor=request.user, text=request.data.get("text"))
        return Response(ObjectionSerializer(o).data, status=status.HTTP_201_CREATED)


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        u = self.request.user
        qs = GrantRound.objects.select_related("policy")
        return qs if access.is_policy_staff(u) else qs.filter(policy__lead_department_id__in=access.round_departments(u))

    @extend_schema(responses=EntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def entries(self, request, pk=None):
        r = self.get_object()
        page = self.paginate_queryset(r.entries.select_related("enterprise").order_by("enterprise__name"))
        return self.get_paginated_response(EntrySerializer(page, many=True).data)

    def _entry(self, request):
        r = self.get_object()
        return get_object_or_404(RoundEntry, round=r, pk=_id(request.data.get("entry")))

    @extend_schema(request=_body("Exclude", entry=serializers.IntegerField(), reason=TEXT), responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def exclude(self, request, pk=None):
        return Response(EntrySerializer(services.exclude_entry(self._entry(request), actor=request.user,
                                                               reason=request.data.get("reason"))).data)

    @extend_schema(request=_body("Include", entry=serializers.IntegerField()), responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def include(self, request, pk=None):
        return Response(EntrySerializer(services.include_entry(self._entry(request), actor=request.user)).data)

    @extend_schema(request=_body("Submit", expected_version=VERSION), responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return Response(RoundSerializer(services.submit_round(self.get_object(), actor=request.user,
                                                              expected_version=request.data.get("expected_version"))).data)

    @extend_schema(request=_body("Confirm", expected_version=VERSION), responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return Response(RoundSerializer(services.confirm_round(self.get_object(), actor=request.user,
                                                               expected_version=request.data.get("expected_version"))).data)


def _grants_for(user):
    qs = Grant.objects.select_related("policy", "enterprise")
    if access.is_policy_staff(user):
        return qs
    return qs.filter(Q(policy__lead_department_id__in=access.round_departments(user))
                     | Q(enterprise__in=ent_access.visible_enterprises(user)))


class GrantViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrantSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = _grants_for(self.request.user)
        e = self.request.query_params.get("enterprise")
        return qs.filter(enterprise_id=e) if e and e.isdigit() else qs

    @extend_schema(request=_body("Revoke", reason=TEXT), responses=GrantSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return Response(GrantSerializer(services.revoke_grant(self.get_object(), actor=request.user,
                                                              reason=request.data.get("reason"))).data)


class ObjectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ObjectionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        u = self.request.user
        qs = Objection.objects.select_related("policy", "enterprise")
        if access.is_policy_staff(u):
            return qs
        return qs.filter(Q(policy__lead_department_id__in=access.round_departments(u))
                         | Q(enterprise__in=ent_access.visible_enterprises(u)))

    @extend_schema(request=_body("Answer", answer=TEXT, upheld=serializers.BooleanField()), responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return Response(ObjectionSerializer(services.answer_objection(
            self.get_object(), actor=request.user, answer=request.data.get("answer"),
            upheld=bool(request.data.get("upheld")))).data)


class EnterprisePoliciesViewSet(viewsets.ViewSet):
    """An enterprise's matched policies with explanations, and those it nearly meets with what is missing."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"\d+"

    @extend_schema(responses=inline_serializer(name="EnterprisePolicies", fields={
        "matched": serializers.ListField(child=serializers.DictField()),
        "near": serializers.ListField(child=serializers.DictField())}))
    def retrieve(self, request, pk=None):
        e = get_object_or_404(ent_access.visible_enterprises(request.user), pk=pk)
        data = queries.enterprise_view(e)

        def row(m):
            return {"policy": m["policy"].pk, "title": m["policy"].title, "number": m["policy"].number,
                    "mode": m["policy"].mode, **m["explanation"].as_dict(),
                    **({"rule_version": m["match"].rule_version, "computed_at": m["match"].computed_at}
                       if "match" in m else {})}
        return Response({"enterprise": e.pk, "matched": [row(m) for m in data["matched"]],
                         "near": [row(m) for m in data["near"]]})
