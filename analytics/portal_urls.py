from django.urls import path

from . import teacher_views

app_name = "analytics-portal"

urlpatterns = [path("teach/analytics/", teacher_views.teacher_analytics, name="teacher")]
