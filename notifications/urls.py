from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("poll/", views.poll, name="poll"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<int:pk>/open/", views.open_notice, name="open"),
    path("<int:pk>/read/", views.mark_one_read, name="read"),
    path("preferences/", views.preferences_page, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
]
