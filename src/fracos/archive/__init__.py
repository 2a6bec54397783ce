"""Backup and restore of one practice as a versioned, gzip-compressed JSON archive."""
