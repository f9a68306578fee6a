"""The portal of trainings (being written)."""
