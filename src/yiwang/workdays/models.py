"""The calendar's data: one row per year (announced or provisional) and its holidays and adjusted working days.
Change it only through `yiwang.workdays.services.load_year`."""
from django.db import models


class CalendarYear(models.Model):
    class Status(models.TextChoices):
        ANNOUNCED = "announced", "已公布"
        PROVISIONAL = "provisional", "暂定（未公布）"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PROVISIONAL)
    source = models.CharField("数据来源", max_length=200, blank=True)
    notice = models.CharField("通知文号", max_length=200, blank=True, help_text="例如：国办发明电〔2025〕7号")
    loaded_at = models.DateTimeField("加载时间")
    revision = models.PositiveIntegerField("修订号", default=1, help_text="每次加载加一，防止并发覆盖")

    class Meta:
        ordering = ["year"]
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1949, year__lte=2100), name="workdays_year_range"),
        ]

    def __str__(self):
        return f"{self.year} 年（{self.get_status_display()}）"

    @property
    def is_provisional(self) -> bool:
        return self.status == self.Status.PROVISIONAL


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日"
        WORKDAY = "workday", "调休上班日"

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年度")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=100, blank=True, help_text="例如：春节")

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日与调休日"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class CalendarStamp(models.Model):
    """One row: changes whenever any year is loaded, so every process can tell cheaply that its cached
    calendar is stale."""

    token = models.CharField(max_length=64)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"
