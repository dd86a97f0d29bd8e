"""Cases (a lower floor) know nothing of projects: when a case of a project's stage is saved in a concluded state,
after the commit the stage files the item that follows it and concludes itself when every item has."""
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import Case


@receiver(post_save, sender=Case, dispatch_uid="projects.case_saved")
def case_saved(sender, instance: Case, created: bool, **kwargs):
    if created or lc.State(instance.state) not in lc.CONCLUDED:
        return
    from .models import StageCase

    app_id = StageCase.objects.filter(case_id=instance.pk).values_list("application_id", flat=True).first()
    if app_id is None:
        return
    from . import services

    transaction.on_commit(lambda: services.advance(app_id))
