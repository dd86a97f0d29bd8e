"""Pages: the public verification page (no login) and the PDF of a licence (its department, the holder)."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from .access import visible_licences
from .forms import VerifyForm
from .pdf import render_pdf
from .verification import as_dict, token_from_pdf, verify_token

MAX_UPLOAD = 10 * 1024 * 1024


def token_from_upload(upload) -> str:
    if upload.size > MAX_UPLOAD:
        return ""
    data = upload.read()
    if data[:5] == b"%PDF-":
        return token_from_pdf(data)
    return data.decode("utf-8", "replace").strip()


@require_http_methods(["GET", "POST"])
def verify(request):
    result, form = None, VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            token = token_from_upload(upload) if upload else form.cleaned_data["payload"]
            if upload and not token:
                form.add_error("file", "该文件中没有找到电子证照核验码（请上传平台签发的电子证照 PDF）")
            else:
                result = as_dict(verify_token(token))
    elif request.GET.get("p"):
        result = as_dict(verify_token(request.GET["p"]))
    return render(request, "licences/verify.html", {"form": form, "result": result})


def licence_pdf(request, number: str):
    licence = get_object_or_404(visible_licences(request.user), number=number)
    response = HttpResponse(render_pdf(licence), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="licence-{licence.number}.pdf"'
    return response
