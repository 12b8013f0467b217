from django.urls import path

from . import views

app_name = "placement"

urlpatterns = [
    path("placement/", views.index, name="index"),
    path("placement/attempt/<uuid:key>/", views.take, name="take"),
    path("placement/attempt/<uuid:key>/result/", views.result, name="result"),
    path("placement/attempt/<uuid:key>/courses/<int:course_id>/", views.follow, name="follow"),
    path("placement/<slug:slug>/", views.test_detail, name="test"),
    path("placement/<slug:slug>/start/", views.start, name="start"),
]
