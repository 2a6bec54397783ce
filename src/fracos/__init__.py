"""Fractional OS: run a fractional leadership practice."""

__version__ = "0.1.0"
