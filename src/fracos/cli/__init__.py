"""The `fracos` command line."""
