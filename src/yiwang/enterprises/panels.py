"""The enterprise page's panels. Apps above the registry (cases, licences, demands, and later policies,
inspections, credit) add a panel without the registry knowing them: in their AppConfig.ready() they call

    from yiwang.enterprises.panels import Panel, register
    register(Panel(key="credit", title="信用", order=60, template="credit/_enterprise_panel.html",
                   context=lambda request, enterprise, viewer: {...}, visible=lambda viewer: True))

`context` returns the template's context (or None to hide the panel for this enterprise); `visible` decides by
the viewer (a `Viewer`: is_agent, is_staff, the user's scope). Panels render in `order`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Viewer:
    user: Any
    is_agent: bool  # the enterprise's own applicant or agent
    is_staff: bool
    scope: Any


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    order: int
    template: str
    context: Callable[[Any, Any, Viewer], dict | None]
    visible: Callable[[Viewer], bool] = lambda viewer: True


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add (or replace, by key) a panel. Idempotent, so ready() may run twice."""
    _PANELS[panel.key] = panel


def registered() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def render_panels(request, enterprise, viewer: Viewer) -> list[dict]:
    out = []
    for panel in registered():
        if not panel.visible(viewer):
            continue
        ctx = panel.context(request, enterprise, viewer)
        if ctx is None:
            continue
        html = render_to_string(panel.template, {"enterprise": enterprise, "viewer": viewer, **ctx},
                                request=request)
        out.append({"key": panel.key, "title": panel.title, "html": html})
    return out
