"""Importing time from other trackers: one reader per format, one shared pipeline."""

from __future__ import annotations

FORMATS = ("toggl", "harvest", "clockify", "watson", "timewarrior")
