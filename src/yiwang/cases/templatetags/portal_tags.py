"""Template helpers for the applicant portal: links to pages that may not exist yet are silently left out."""
from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if(name, *args):
    """The URL of `name` with `args`, or "" when it does not resolve (its app or page not built yet):
    `{% url_if "cases:receipt_pdf" case.pk as href %}{% if href %}<a href="{{ href }}">…</a>{% endif %}`."""
    try:
        return reverse(name, args=[a for a in args if a not in (None, "")])
    except NoReverseMatch:
        return ""


@register.filter
def filesize(n):
    try:
        n = int(n)
    except (TypeError, ValueError):
        return ""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
