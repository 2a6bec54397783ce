"""Loaded with ``-p`` before pytest-django reads the settings: tests never touch the user's data."""

import os
import tempfile

os.environ.setdefault("FRACOS_DATA_DIR", tempfile.mkdtemp(prefix="fracos-tests-"))
