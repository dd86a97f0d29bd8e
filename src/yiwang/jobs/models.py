"""One row per nightly task and day: the ledger that makes nightly work catch up and never run twice."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class NightlyRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    task = models.CharField(_("任务"), max_length=60)
    day = models.DateField(_("业务日期"), help_text=_("任务为之运行的日期（北京时间）"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=300, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        ordering = ["-day", "task"]
        constraints = [models.UniqueConstraint(fields=["task", "day"], name="jobs_nightly_once_per_day")]

    def __str__(self):
        return f"{self.task} {self.day} {self.get_status_display()}"
