from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("learn/", views.student_home, name="student-home"),
    path("teach/", views.teacher_home, name="teacher-home"),
]
