"""Survey of a session (being written)."""
