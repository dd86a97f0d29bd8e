from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/", views.two_factor, name="otp"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/<int:pk>/lift/", views.lift_lockout, name="lift_lockout"),
    path("clients/", views.clients, name="clients"),
    path("clients/<int:pk>/rotate/", views.rotate_client, name="rotate_client"),
    path("clients/<int:pk>/revoke/", views.revoke_client, name="revoke_client"),
]
