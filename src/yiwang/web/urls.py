from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

RESET = "web/password_reset/"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("display/", views.display, name="display"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail (the account's address); the new password meets the same rules. The pages are the
    # site's own (web/password_reset/, in the site's frame): Django's registration/password_reset_*.html names
    # would resolve to the admin's copies, which django.contrib.admin (listed first) ships under those names.
    path("accounts/password_reset/", auth_views.PasswordResetView.as_view(
        template_name=f"{RESET}form.html", email_template_name=f"{RESET}email.txt",
        subject_template_name=f"{RESET}subject.txt"), name="password_reset"),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(template_name=f"{RESET}done.html"),
         name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name=f"{RESET}confirm.html"), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name=f"{RESET}complete.html"), name="password_reset_complete"),
]
