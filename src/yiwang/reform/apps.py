from django.apps import AppConfig


class ReformConfig(AppConfig):
    name = "yiwang.reform"
    label = "reform"
    verbose_name = "改革任务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang.supervision import board

        from . import board_source

        board.register_source("reform", board_source.rows)
        board.register_issuer("reform", board_source.may_issue)
