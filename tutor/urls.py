from django.urls import path

from . import views

app_name = "tutor"

urlpatterns = [
    path("learn/courses/<slug:slug>/tutor/", views.conversation, name="conversation"),
    path("learn/courses/<slug:slug>/tutor/ask/", views.ask, name="ask"),
    path("learn/courses/<slug:slug>/tutor/lessons/<int:lesson_id>/", views.lesson_panel, name="lesson-panel"),
    path("learn/tutor/for-dashboard/", views.dashboard_panel, name="dashboard-panel"),
    path("learn/tutor/answers/<int:exchange_id>/rate/", views.rate, name="rate"),
    path("learn/tutor/answers/<int:exchange_id>/report/", views.report, name="report"),
    path("teach/courses/<int:pk>/tutor-themes/", views.teacher_themes, name="themes"),
]
