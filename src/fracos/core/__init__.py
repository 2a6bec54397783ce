"""Plain-Python domain rules: no Django models, no HTTP, testable without a database."""
