from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [path("visit/", views.page_visit, name="page-visit")]
