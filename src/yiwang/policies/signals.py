"""When an enterprise's registry data changes (profile, yearly figures, tags, credit), its matches are recomputed
after the commit (huey). The registry and credit know nothing of policies: this listens to their model signals."""
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from yiwang.credit.models import Record, Subject
from yiwang.enterprises.models import Enterprise, EnterpriseTag, YearlyFigure

from . import conf


def _schedule(enterprise_id):
    from .models import Policy

    if not enterprise_id or not Policy.objects.filter(status=Policy.Status.PUBLISHED).exists():
        return  # nothing to match against (and no work queued while the registry itself is being loaded)

    def run():
        from .models import Policy

        if not Policy.objects.filter(status=Policy.Status.PUBLISHED).exists():
            return
        if conf.sync_matching():
            from .services import recompute_enterprise

            recompute_enterprise(enterprise_id)
        else:
            from .tasks import recompute_enterprise_task

            recompute_enterprise_task(enterprise_id)
    transaction.on_commit(run)


@receiver(post_save, sender=Enterprise, dispatch_uid="policies.enterprise_saved")
def _enterprise(sender, instance, raw=False, **kwargs):
    if not raw and conf.follow_registry():
        _schedule(instance.pk)


@receiver(post_save, sender=YearlyFigure, dispatch_uid="policies.figure_saved")
@receiver(post_save, sender=EnterpriseTag, dispatch_uid="policies.tag_saved")
@receiver(post_delete, sender=EnterpriseTag, dispatch_uid="policies.tag_deleted")
def _child(sender, instance, raw=False, **kwargs):
    if not raw and conf.follow_registry():
        _schedule(instance.enterprise_id)


@receiver(post_save, sender=Subject, dispatch_uid="policies.credit_subject_saved")
def _subject(sender, instance, raw=False, **kwargs):
    if not raw and conf.follow_registry():
        _schedule(instance.enterprise_id)


@receiver(post_save, sender=Record, dispatch_uid="policies.credit_record_saved")
def _record(sender, instance, raw=False, **kwargs):
    if not raw and conf.follow_registry():
        _schedule(Subject.objects.filter(pk=instance.subject_id).values_list("enterprise_id", flat=True).first())
