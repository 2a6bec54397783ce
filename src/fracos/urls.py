from django.urls import include, path

urlpatterns = [
    path("", include("fracos.cadence.urls")),
    path("", include("fracos.web.urls")),
]
