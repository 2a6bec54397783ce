from django.urls import path

from fracos.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
