from django.db import models


class PricingModel(models.TextChoices):
    RETAINER = "retainer", "Monthly retainer"
    DAY_RATE = "day_rate", "Day rate"
    PROJECT = "project", "Project fee"
    EQUITY = "equity", "Equity + reduced retainer"
    PILOT = "pilot", "Pilot"


class EngagementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class BillingTiming(models.TextChoices):
    ADVANCE = "advance", "In advance"
    ARREARS = "arrears", "In arrears"


class OveragePolicy(models.TextChoices):
    NONE = "none", "Absorb overage (report only)"
    BILL = "bill", "Bill overage at the overage rate"
    ROLLOVER = "rollover", "Roll unused hours over"
    CARRY = "carry", "Carry overruns forward"


class PilotBilling(models.TextChoices):
    FULL = "full", "In full at the start"
    SPLIT = "split", "Half at the start, half at the end"


# Pricing models billed as a fixed monthly fee for a commitment of time.
RECURRING = (PricingModel.RETAINER, PricingModel.EQUITY)


class DayPart(models.TextChoices):
    FULL = "full", "Full day"
    AM = "am", "Morning"
    PM = "pm", "Afternoon"


class Weekday(models.TextChoices):
    MON = "mon", "Monday"
    TUE = "tue", "Tuesday"
    WED = "wed", "Wednesday"
    THU = "thu", "Thursday"
    FRI = "fri", "Friday"
    SAT = "sat", "Saturday"
    SUN = "sun", "Sunday"
