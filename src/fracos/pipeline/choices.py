from django.db import models


class Stage(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    CONTACTED = "contacted", "Contacted"
    CONVERSATION = "conversation", "Conversation"
    PILOT_PROPOSED = "pilot_proposed", "Pilot proposed"
    PILOT_RUNNING = "pilot_running", "Pilot running"
    RETAINER_PROPOSED = "retainer_proposed", "Retainer proposed"
    WON = "won", "Won"
    LOST = "lost", "Lost"


OPEN_STAGES = tuple(s for s in Stage if s not in (Stage.WON, Stage.LOST))


class Warmth(models.IntegerChoices):
    COLD = 1, "Cold"
    WARM = 2, "Warm"
    HOT = 3, "Hot"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    LINKEDIN = "linkedin", "LinkedIn"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


class ActivityKind(models.TextChoices):
    POST = "post", "Post"
    ARTICLE = "article", "Article"
    TALK = "talk", "Talk"
    PANEL = "panel", "Panel"
    PODCAST = "podcast", "Podcast"
    NEWSLETTER = "newsletter", "Newsletter"
