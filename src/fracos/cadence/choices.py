from django.db import models


class TouchpointKind(models.TextChoices):
    CHECKIN = "checkin", "Weekly check-in"
    REVIEW = "review", "Quarterly review"
    RENEWAL = "renewal", "Renewal conversation"


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
