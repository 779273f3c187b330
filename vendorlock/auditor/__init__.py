"""The auditor: discovers files, detects vendor coupling and resolves it across modules."""
