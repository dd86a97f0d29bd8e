"""Helpers for the workbench tests: cases built through the services, PDF text and fonts."""
import subprocess
import tempfile

from django.utils import timezone

from tests.cases.factories import file_all, mats
from yiwang.cases import services


def today():
    return timezone.localdate()


def filed(org, version, **kw):
    return file_all(org, version, today=today(), **kw)


def accepted(org, version, **kw):
    case = filed(org, version, **kw)
    return services.accept(case, actor=org.clerk, expected_version=case.version, today=today())


def deferred(org, version):
    """Accepted with the deferrable material (order 1) still outstanding."""
    case = filed(org, version, skip=(1,))
    from yiwang.workdays.services import get_calendar

    due = get_calendar().add_working_days(today(), 3)
    return services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=due,
                           commitment_signer="王小明", today=today())


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True)
    return "".join(out.stdout.decode("utf-8").split())


def pdf_fonts(data: bytes) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font in the PDF (pdffonts)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdffonts", f.name], capture_output=True, check=True).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 5:
            # name type [encoding...] emb sub uni object ID: emb is the 5th field from the end
            rows.append((parts[0], parts[-5]))
    return rows


__all__ = ["accepted", "deferred", "filed", "mats", "pdf_fonts", "pdf_text", "today"]
