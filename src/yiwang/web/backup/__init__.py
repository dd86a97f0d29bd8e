"""Backup and restore (`yiwang backup DIR`, `yiwang restore DIR`): the database as a portable dump (personal data
stays encrypted in it), the media store (every file a row points to, with its SHA-256), and a manifest naming the
audit chain head. Both check that the key-encryption key opens every key kept sealed in the database — the
departments' licence signing keys, the personal-data keys and the audit checkpoint key: a backup restored under
another key-encryption key would have data nobody can read and licences nobody can sign. A restore then verifies
the audit chain and the SHA-256 of every blob."""
