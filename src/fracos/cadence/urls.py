from django.urls import path

from fracos.cadence.views import calendar_feed

urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
]
