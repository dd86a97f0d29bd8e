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


class RevokeForm(forms.Form):
    reason = forms.CharField(label="注销原因", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：持证主体申请注销、许可被依法撤销"}))
    confirm = forms.BooleanField(label="我已核对证照编号，确认注销（注销立即生效，核验页将显示“已注销”）")
