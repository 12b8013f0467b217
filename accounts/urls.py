from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("currency/", views.set_currency, name="set-currency"),
    path("account/certifications/<int:pk>/document/", views.certification_document, name="certification-document"),
]
