"""{% load viewing %}: THE permission rule in templates, for a record named by another (an activity's
programme, an adoption's activity): `{% if activity.programme|viewable_by:request.user %}` names it only
where the visitor could open its page (partners.permissions.may_view_record, no query)."""

from django import template

from partners.permissions import may_view_record

register = template.Library()


@register.filter
def viewable_by(record, user):
    """Whether `user` may view `record` (an agency's record, or None: not)."""
    if record is None:
        return False
    return may_view_record(user, record)
