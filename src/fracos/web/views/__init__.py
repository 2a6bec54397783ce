"""Thin views, one module per area: they read through selectors and write through services."""
