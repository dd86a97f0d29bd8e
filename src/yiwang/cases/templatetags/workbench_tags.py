"""The workbench's navigation, by role: each staff member sees the workbench pages they may use."""
from django import template
from django.urls import NoReverseMatch, reverse

from ..workbench.access import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def workbench_menu(context):
    request = context.get("request")
    out = []
    for name, label, section in menu(request.user) if request is not None else []:
        try:
            out.append({"url": reverse(name), "label": label, "section": section})
        except NoReverseMatch:
            continue
    return out
