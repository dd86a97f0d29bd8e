"""Template filters for the masking rules: {% load masking %} … {{ applicant.phone|mask_phone }}."""
from django import template

from yiwang.org import masking

register = template.Library()

for _name in ("mask_id_number", "mask_phone", "mask_name", "mask_email", "mask_address"):
    register.filter(_name, getattr(masking, _name))
