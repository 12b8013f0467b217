from django import template

from ..centre import unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context):
    return {"unread": unread_count(user=context["request"].user)}
