from django.db import models

from fracos.core.sqldb import DATA_VERSION_TABLE


class DataVersion(models.Model):
    """One row whose number every committed write moves on: the key of cached figures.

    Written only by ``insights/freshness.py`` (and the CLI's plain-SQL path), with
    one ``UPDATE … SET version = version + 1`` after each commit.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = DATA_VERSION_TABLE
