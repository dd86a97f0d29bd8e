"""Output and input shapes of the cases API. Serializers check shape only; the services judge the rules.

Choice fields are documented as inline enums (not shared components), so their names never collide with other
apps' enums in the OpenAPI document."""
from __future__ import annotations

import copy

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..domain import lifecycle as lc
from ..models import BundleCase, Case, CaseMaterial, Channel, DeliveryMethod, SupplementNotice, Suspension
from ..queries import actions_allowed


class NamedEnum:
    """A choice field documented as one named enum component (CaseStateEnum, …), never renamed by the enum
    post-processing hook, so it cannot collide with other apps' "state" or "kind" enums."""

    enum_name = ""
    enum_choices: list = []
    enum_description = ""


class NamedEnumExtension(OpenApiSerializerFieldExtension):
    target_class = NamedEnum
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        text = "；".join(f"{v} {label}" for v, label in field.enum_choices)
        component = ResolvedComponent(
            name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name,
            schema={"type": "string", "enum": [v for v, _ in field.enum_choices],
                    "description": f"{field.enum_description}：{text}"})
        auto_schema.registry.register_on_missing(component)
        if isinstance(field, serializers.ListField):
            return {"type": "array", "items": component.ref}
        return component.ref


STATE_CHOICES = [(s.value, lc.STATE_LABELS[s]) for s in lc.State]
ACTION_CHOICES = [(a.value, lc.ACTION_LABELS[a]) for a in lc.Action]


class CaseStateField(NamedEnum, serializers.CharField):
    enum_name, enum_choices, enum_description = "CaseStateEnum", STATE_CHOICES, "办件状态"


class AllowedActionsField(NamedEnum, serializers.ListField):
    enum_name, enum_choices, enum_description = "CaseActionEnum", ACTION_CHOICES, "办件动作"


class MaterialStatusField(NamedEnum, serializers.CharField):
    enum_name, enum_choices, enum_description = "CaseMaterialStatusEnum", CaseMaterial.Status.choices, "材料状态"


class ChannelField(NamedEnum, serializers.CharField):
    enum_name, enum_choices, enum_description = "CaseChannelEnum", Channel.choices, "申请渠道"


class DeliveryMethodField(NamedEnum, serializers.ChoiceField):
    enum_name, enum_choices, enum_description = "CaseDeliveryMethodEnum", DeliveryMethod.choices, "出件方式"

    def __init__(self, **kw):
        kw.setdefault("choices", DeliveryMethod.choices)
        super().__init__(**kw)


class SuspensionKindField(NamedEnum, serializers.ChoiceField):
    enum_name, enum_choices, enum_description = "CaseSuspensionKindEnum", Suspension.Kind.choices, "特别程序种类"

    def __init__(self, **kw):
        kw.setdefault("choices", Suspension.Kind.choices)
        super().__init__(**kw)


class BundleStatusField(NamedEnum, serializers.CharField):
    enum_name, enum_choices, enum_description = "BundleCaseStatusEnum", BundleCase.Status.choices, "一件事申请状态"


# ---- output ------------------------------------------------------------------------------------------------------
_NESTING = (serializers.BaseSerializer, serializers.ListField, serializers.DictField, serializers.HStoreField,
            serializers.JSONField)


class BuiltOnce:
    """A ModelSerializer whose fields are derived from the model once per class, then copied for each use.

    ModelSerializer otherwise maps every model field to a serializer field (verbose names, validators, choices)
    each time a serializer is instantiated, which costs more than the database reads of a detail. What it derives
    depends only on the class and its Meta, so the first result is kept (unbound) and each instance gets a deep
    copy, as DRF does with declared fields."""

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        # Plain fields: a shallow copy suffices (binding sets attributes on the copy only); fields holding other
        # fields or serializers (nested, list, dict) are copied deeply so no two requests share a bound child.
        return {name: copy.deepcopy(f) if isinstance(f, _NESTING) else copy.copy(f) for name, f in built.items()}


class CaseListSerializer(BuiltOnce, serializers.ModelSerializer):
    state = CaseStateField(read_only=True)
    state_label = serializers.SerializerMethodField()
    channel = ChannelField(read_only=True)
    item = serializers.IntegerField(source="item_version.item_id", read_only=True, help_text="事项ID")
    item_code = serializers.CharField(source="item_version.item.code", read_only=True, help_text="事项编码")
    item_name = serializers.CharField(source="item_version.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    hall_name = serializers.CharField(source="hall.name", read_only=True)
    overdue = serializers.SerializerMethodField(help_text="审批中且已过办结期限")

    class Meta:
        model = Case
        fields = ["id", "number", "state", "state_label", "item", "item_code", "item_name", "item_version",
                  "department", "department_name", "applicant", "applicant_name", "hall", "hall_name", "channel",
                  "received_on", "accepted_on", "deadline", "deadline_provisional", "deemed_accepted", "overdue",
                  "bundle_case", "version"]
        read_only_fields = fields

    def get_state_label(self, obj) -> str:
        return lc.STATE_LABELS[lc.State(obj.state)]

    def get_overdue(self, obj) -> bool:
        return bool(obj.state == lc.State.UNDER_REVIEW and obj.deadline and obj.deadline < timezone.localdate())


class CaseMaterialSerializer(BuiltOnce, serializers.ModelSerializer):
    name = serializers.CharField(source="material.name", read_only=True)
    required = serializers.SerializerMethodField(help_text="必须提交（免提交的共享材料除外）")
    is_key = serializers.BooleanField(source="material.is_key", read_only=True)
    deferrable = serializers.BooleanField(source="material.deferrable", read_only=True)
    commitment_replaceable = serializers.BooleanField(source="material.commitment_replaceable", read_only=True)
    status = MaterialStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    size = serializers.SerializerMethodField()
    content_type = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField(help_text="下载地址（已上传文件时）")

    class Meta:
        model = CaseMaterial
        fields = ["id", "material", "name", "required", "is_key", "deferrable", "commitment_replaceable", "status",
                  "status_label", "file_name", "size", "content_type", "supplied_on", "supplied_round", "problem",
                  "download"]
        read_only_fields = fields

    def get_required(self, obj) -> bool:
        m = obj.material
        return m.requirement == m.Requirement.REQUIRED and not m.exempt_by_sharing

    def get_size(self, obj) -> int | None:
        return obj.blob.size if obj.blob_id else None

    def get_content_type(self, obj) -> str:
        return obj.blob.content_type if obj.blob_id else ""

    def get_download(self, obj) -> str | None:
        if not obj.blob_id:
            return None
        return reverse("api-case-material-file", kwargs={"pk": obj.case_id, "material": obj.material_id})


class SupplementNoticeSerializer(BuiltOnce, serializers.ModelSerializer):
    items = serializers.ListField(child=serializers.DictField(), read_only=True,
                                  help_text="[{material, name, problem}]")

    class Meta:
        model = SupplementNotice
        fields = ["number", "issued_on", "items", "answered_on"]
        read_only_fields = fields


class SuspensionSerializer(BuiltOnce, serializers.ModelSerializer):
    kind = SuspensionKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Suspension
        fields = ["kind", "kind_label", "reason", "expected_days", "started_on", "resumed_on"]
        read_only_fields = fields


class CaseDetailSerializer(CaseListSerializer):
    delivery_method = DeliveryMethodField(read_only=True)
    current_step = serializers.SerializerMethodField(help_text="当前审批环节（审批中时）")
    materials = CaseMaterialSerializer(many=True, read_only=True)
    notices = SupplementNoticeSerializer(many=True, read_only=True)
    suspensions = SuspensionSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + [
            "form_data", "tier", "step_index", "current_step", "limit_days", "extension_days", "extension_reason",
            "deferral_due", "commitment_signed", "decided_on", "outcome_reason", "outcome_basis", "remedy_notice",
            "delivery_due", "delivered_on", "delivery_method", "tracking_number", "delivery_address", "materials",
            "notices", "suspensions", "allowed_actions"]
        read_only_fields = fields

    def get_current_step(self, obj) -> str:
        if obj.state != lc.State.UNDER_REVIEW:
            return ""
        steps = lc.steps_of(obj.tier)
        return lc.STEP_LABELS[steps[obj.step_index]] if obj.step_index < len(steps) else ""

    @extend_schema_field(AllowedActionsField(child=serializers.CharField()))
    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return actions_allowed(obj, request.user) if request else []


class CaseEventSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="日期")
    at = serializers.DateTimeField(help_text="时间")
    action = serializers.CharField()
    label = serializers.CharField()
    actor = serializers.CharField()
    role = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    data = serializers.DictField()


class CaseClockSerializer(serializers.Serializer):
    accepted_on = serializers.DateField(allow_null=True)
    limit_days = serializers.IntegerField(allow_null=True, help_text="承诺时限（工作日）")
    extension_days = serializers.IntegerField()
    deadline = serializers.DateField(allow_null=True, help_text="办结期限")
    days_used = serializers.IntegerField(allow_null=True, help_text="已用工作日（受理前为空）")
    days_remaining = serializers.IntegerField(allow_null=True, help_text="剩余工作日")
    suspended = serializers.BooleanField(help_text="特别程序中，暂停计时")
    overdue = serializers.BooleanField()
    provisional = serializers.BooleanField(help_text="期限落在尚未公布节假日安排的年度，日期可能调整")
    stopped_on = serializers.DateField(allow_null=True, help_text="停止计时日期（办结时）")


class CaseTimelineSerializer(CaseClockSerializer):
    case = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    state = CaseStateField()
    state_label = serializers.CharField()
    events = CaseEventSerializer(many=True)


class CaseReceiptSerializer(serializers.Serializer):
    number = serializers.CharField()
    item = serializers.CharField()
    item_code = serializers.CharField()
    applicant = serializers.CharField()
    department = serializers.CharField()
    hall = serializers.CharField()
    accepted_on = serializers.DateField()
    deadline = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField()
    deemed_accepted = serializers.BooleanField()
    deferral_due = serializers.DateField(allow_null=True)
    deferred = serializers.ListField(child=serializers.CharField(), help_text="容缺待补材料")


class CaseErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="中文说明")
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="字段 → 错误说明")
    state = serializers.CharField(required=False, help_text="办件当前状态（409）")
    version = serializers.IntegerField(required=False, help_text="办件当前版本（版本冲突时）")
    allowed_actions = serializers.ListField(child=serializers.CharField(), required=False,
                                            help_text="当前状态下允许的动作（409）")


class BundleChildSerializer(CaseListSerializer):
    class Meta(CaseListSerializer.Meta):
        fields = ["id", "number", "state", "state_label", "item", "item_code", "item_name", "department",
                  "department_name", "accepted_on", "deadline", "decided_on", "delivered_on", "version"]
        read_only_fields = fields


class BundleCaseSerializer(BuiltOnce, serializers.ModelSerializer):
    bundle_code = serializers.CharField(source="bundle.code", read_only=True)
    bundle_name = serializers.CharField(source="bundle.name", read_only=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    status = BundleStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    channel = ChannelField(read_only=True)
    delivery_method = DeliveryMethodField(read_only=True)
    children = BundleChildSerializer(many=True, read_only=True)

    class Meta:
        model = BundleCase
        fields = ["id", "bundle", "bundle_code", "bundle_name", "applicant", "applicant_name", "channel", "hall",
                  "status", "status_label", "concluded_on", "delivered_on", "delivery_method", "tracking_number",
                  "created_at", "version", "children"]
        read_only_fields = fields


class BundleMaterialSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="合并材料键：提交一件事时 materials / commitments 中使用")
    name = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField(), help_text="需要该材料的事项")
    required = serializers.BooleanField()
    deferrable = serializers.BooleanField()
    commitment_replaceable = serializers.BooleanField()


# ---- input -------------------------------------------------------------------------------------------------------
class _FilesMixin(serializers.Serializer):
    materials = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                      help_text="材料ID，与 files 一一对应（multipart 中重复该字段）")
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=False), required=False, default=list,
                                  help_text="材料文件（PDF、JPEG、PNG 或 OFD），与 materials 顺序一致")


class CaseSubmitSerializer(_FilesMixin):
    """提交申请 (multipart/form-data; JSON works when no file is attached)."""

    item_version = serializers.IntegerField(min_value=1, help_text="已发布的事项版本ID（事项的现行版本）")
    applicant = serializers.IntegerField(min_value=1, required=False,
                                         help_text="申请人ID；申请人本人网上申请时可省略")
    commitments = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                        help_text="以告知承诺代替的材料ID")
    commitment_signed = serializers.BooleanField(required=False, default=False, help_text="已签署告知承诺书")
    form_data = serializers.JSONField(required=False, default=dict, help_text="申请表（JSON 对象）")
    hall = serializers.IntegerField(min_value=1, required=False, allow_null=True, help_text="受理大厅ID（可选）")
    window = serializers.IntegerField(min_value=1, required=False, allow_null=True, help_text="受理窗口ID（窗口代办）")

    def validate_form_data(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("申请表应为 JSON 对象")
        return value


class BundleSubmitSerializer(serializers.Serializer):
    """提交一件事申请: files keyed by merged-material key (GET bundle-cases/materials/?bundle=…)."""

    bundle = serializers.IntegerField(min_value=1, help_text="一件事ID")
    applicant = serializers.IntegerField(min_value=1, required=False, help_text="申请人ID；申请人本人可省略")
    materials = serializers.ListField(child=serializers.CharField(max_length=300), required=False, default=list,
                                      help_text="合并材料键，与 files 一一对应")
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=False), required=False, default=list)
    commitments = serializers.ListField(child=serializers.CharField(max_length=300), required=False, default=list,
                                        help_text="以告知承诺代替的合并材料键")
    commitment_signed = serializers.BooleanField(required=False, default=False)
    form_data = serializers.JSONField(required=False, default=dict)
    hall = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def validate_form_data(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("申请表应为 JSON 对象")
        return value


class CaseActionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False,
                                       help_text="查看时的办件版本（未使用 If-Match 请求头时必填）")


class CaseAcceptInput(CaseActionInput):
    deferral_due = serializers.DateField(required=False, allow_null=True,
                                         help_text="容缺受理时约定的补交期限（仅缺容缺材料时）")


class CaseRefuseInput(CaseActionInput):
    reason = serializers.CharField(max_length=2000, help_text="不予受理理由")
    legal_basis = serializers.CharField(max_length=2000, help_text="法律依据")


class CaseDefectiveMaterialInput(serializers.Serializer):
    material = serializers.IntegerField(min_value=1, help_text="材料ID")
    problem = serializers.CharField(max_length=300, help_text="需要补正的问题")


class CaseNotifySupplementInput(CaseActionInput):
    defective = CaseDefectiveMaterialInput(many=True, required=False, default=list,
                                       help_text="已提交但需补正的材料；未提交的材料自动列入")


class CaseSupplementInput(CaseActionInput, _FilesMixin):
    commitments = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                        help_text="以告知承诺代替的材料ID")
    commitment_signed = serializers.BooleanField(required=False, default=False,
                                                 help_text="已签署告知承诺书（以承诺代替材料时必须）")


class CaseSupplyDeferredInput(CaseActionInput, _FilesMixin):
    pass


class CaseOpinionInput(CaseActionInput):
    opinion = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="", help_text="意见")


class CaseApproveInput(CaseOpinionInput):
    scope = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                  help_text="许可范围（电子证照；行政许可事项，默认为事项名称）")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="证照有效期至（默认按设置年限）")
    long_term = serializers.BooleanField(required=False, default=False, help_text="长期有效")


class CaseReasonInput(CaseActionInput):
    reason = serializers.CharField(max_length=2000, help_text="理由")


class CaseOptionalReasonInput(CaseActionInput):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   help_text="撤回原因（可选）")


class CaseDenyInput(CaseActionInput):
    reason = serializers.CharField(max_length=4000, help_text="不予许可理由")
    legal_basis = serializers.CharField(max_length=2000, help_text="法律依据")
    remedy = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                   help_text="救济途径告知（空则用事项指南中的表述）")


class CaseSuspendInput(CaseActionInput):
    kind = SuspensionKindField()
    reason = serializers.CharField(max_length=500)
    expected_days = serializers.IntegerField(min_value=1, max_value=365, help_text="预计所需工作日")


class CaseExtendInput(CaseActionInput):
    days = serializers.IntegerField(min_value=1, help_text="延期工作日数")
    reason = serializers.CharField(max_length=500)


class CaseDeliverInput(CaseActionInput):
    method = DeliveryMethodField()
    tracking_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                            help_text="邮寄单号（免费邮寄时必填）")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                    help_text="邮寄地址（免费邮寄时必填）")


class CasePostCheckInput(CaseActionInput):
    truthful = serializers.BooleanField(help_text="承诺属实")
    finding = serializers.CharField(max_length=4000, help_text="核查情况")


class CaseEmptyActionInput(CaseActionInput):
    pass
