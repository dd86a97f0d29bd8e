from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "yiwang.licences"
    label = "licences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiwang.cases.signals import decision_revoked

        decision_revoked.connect(_revoke_licences, dispatch_uid="licences.revoke_on_revoked_decision")
        # The e-licence keys sign credit reports too (decision 0011).
        from yiwang.credit import signing

        from .credit_signing import LicenceKeyProvider

        signing.register(LicenceKeyProvider())

        from .enterprise_panel import register_panel

        register_panel()


def _revoke_licences(sender, *, case, actor, reason, **kwargs):
    from .services import revoke_for_revoked_decision

    revoke_for_revoked_decision(case=case, reason=reason, actor=actor)
