from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    LEADER = "leader", "Leader"
    VIEWER = "viewer", "Viewer"
    PORTAL = "portal", "Client portal"


STAFF_ROLES = (Role.OWNER, Role.LEADER, Role.VIEWER)
WRITE_ROLES = (Role.OWNER, Role.LEADER)
