"""Case pages: the applicant portal (cases/portal/) and the staff workbench and inbox (cases/workbench/).
Each sub-package owns its `urls.urlpatterns`; url names live in the one "cases" namespace."""
from importlib import import_module
from importlib.util import find_spec

app_name = "cases"

urlpatterns = []
for _part in ("portal", "workbench"):
    _name = f"yiwang.cases.{_part}.urls"
    if find_spec(_name) is not None:
        urlpatterns += import_module(_name).urlpatterns
