from tests.cli.conftest import fracos, in_practice  # noqa: F401 - the CLI fixtures, shared
