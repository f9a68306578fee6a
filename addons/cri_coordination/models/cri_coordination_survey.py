"""The diagnosis survey of a plan."""
