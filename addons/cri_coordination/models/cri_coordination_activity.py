"""Participation and awareness activities."""
