"""Floor-0 helpers shared by every app (plain modules; they may import django.conf.settings only)."""
