from django.urls import path

from . import sitemap, views

app_name = "cms"

urlpatterns = [
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("robots.txt", sitemap.robots_txt, name="robots"),
    path("courses/", views.catalogue, name="catalogue"),
    path("share/", views.share_beacon, name="share-beacon"),
]
