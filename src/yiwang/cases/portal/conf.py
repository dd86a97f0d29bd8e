"""The portal's settings, with their defaults (override as YIWANG_<NAME> in settings)."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def slot_minutes() -> int:
    """Length of an appointment slot, in minutes."""
    return int(_get("APPOINTMENT_SLOT_MINUTES", 30))


def seats_per_window() -> int:
    """How many appointments one window takes in one slot."""
    return int(_get("APPOINTMENT_SEATS_PER_WINDOW", 2))


def days_ahead() -> int:
    """How many days ahead appointments may be booked (from tomorrow)."""
    return int(_get("APPOINTMENT_DAYS_AHEAD", 14))
