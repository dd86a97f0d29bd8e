from django import forms


class VerifyForm(forms.Form):
    payload = forms.CharField(label="核验码或核验链接", required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "placeholder": "粘贴二维码中的链接或核验码"}))
    file = forms.FileField(label="或上传电子证照 PDF", required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("payload") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请粘贴核验码，或上传电子证照 PDF 文件")
        return data


GROUNDS = [("revoked", "许可依法被撤销、撤回，或许可证件依法被吊销"), ("holder_ended", "持证主体依法终止、死亡或丧失行为能力"),
           ("force_majeure", "因不可抗力导致许可事项无法实施"), ("expired", "有效期届满未延续"),
           ("other", "法律、法规规定的其他情形")]


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(label="注销情形（行政许可法第七十条）", choices=GROUNDS, initial="revoked")
    reason = forms.CharField(label="注销原因", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：持证主体申请注销、许可被依法撤销"}))
    confirm = forms.BooleanField(label="我已核对证照编号，确认注销（注销立即生效，核验页将显示“已注销”）")


DATE = forms.DateInput(attrs={"type": "date"})


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RenewalForm(VersionForm):
    requested_until = forms.DateField(label="申请延续至（留空为同样期限）", required=False, widget=DATE)
    reason = forms.CharField(label="说明", required=False, max_length=500)


class DecideForm(VersionForm):
    grant = forms.TypedChoiceField(label="决定", choices=[("1", "准予"), ("0", "不予")], coerce=lambda v: v == "1")
    note = forms.CharField(label="理由（不予时必填）", required=False, max_length=500)


class DecideRenewalForm(DecideForm):
    valid_until = forms.DateField(label="延续至（留空为申请的日期）", required=False, widget=DATE)


class ChangeForm(VersionForm):
    holder_name = forms.CharField(label="变更后的持证主体名称（不变留空）", required=False, max_length=200)
    scope = forms.CharField(label="变更后的许可范围（不变留空）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="申请变更的理由", max_length=500)

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in ("holder_name", "scope") and (v or "").strip()}
