from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("fracos.api.urls")),
    path("", include("fracos.cadence.urls")),
    path("", include("fracos.web.urls")),
]
