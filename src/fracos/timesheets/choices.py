from django.db import models


class EntryKind(models.TextChoices):
    CLIENT = "client", "Client work"
    BD = "bd", "Business development"
    ADMIN = "admin", "Administration"
