"""/api/v1/auth/token/: the OAuth 2.0 token endpoint for machine clients (client credentials grant)."""
from django.urls import path
from oauth2_provider.views import TokenView

urlpatterns = [path("auth/token/", TokenView.as_view(), name="oauth-token")]
