from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partner/", views.home, name="home"),
]
