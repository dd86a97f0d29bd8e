from django import template

from yiwang.notify.domain.refs import shown_ref as _shown_ref
from yiwang.notify.services import unread_count as _unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context):
    """{% load notify_tags %}{% unread_count as n %}: the logged-in user's unread in-site messages."""
    request = context.get("request")
    return _unread_count(getattr(request, "user", None))


@register.filter
def shown_ref(ref):
    """{{ message.ref|shown_ref }}: a number people use (a case or demand number), never an internal key."""
    return _shown_ref(ref)
