from django.db import models


class ClientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class CompanySize(models.TextChoices):
    UNKNOWN = "", "Unknown"
    MICRO = "1-10", "1–10 people"
    SMALL = "11-50", "11–50 people"
    MEDIUM = "51-200", "51–200 people"
    LARGE = "201-1000", "201–1,000 people"
    ENTERPRISE = "1000+", "1,000+ people"


class CompanyStage(models.TextChoices):
    UNKNOWN = "", "Unknown"
    PRE_SEED = "pre-seed", "Pre-seed"
    SEED = "seed", "Seed"
    SERIES_A = "series-a", "Series A"
    SERIES_B = "series-b", "Series B+"
    SCALEUP = "scaleup", "Scale-up"
    SME = "sme", "Established SME"
    CORPORATE = "corporate", "Corporate"
