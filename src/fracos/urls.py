from django.urls import include, path

urlpatterns = [
    path("", include("fracos.web.urls")),
]
