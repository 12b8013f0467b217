from django.urls import path

from api import account_views, partner_views

app_name = "api-account"

urlpatterns = [
    path("account/api-tokens/", account_views.personal_tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", account_views.revoke_token, name="token-revoke"),
    path("partner/webhooks/", partner_views.endpoints, name="partner-webhooks"),
    path("partner/webhooks/<int:pk>/remove/", partner_views.remove, name="partner-webhook-remove"),
]
