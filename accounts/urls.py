from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("currency/", views.set_currency, name="set-currency"),
    path("account/certifications/<int:pk>/document/", views.certification_document, name="certification-document"),
    path("teach-with-us/", views.teach_with_us, name="teach-with-us"),
    path("account/login-link/<str:uidb36>/<str:token>/", views.login_link, name="login-link"),
]
