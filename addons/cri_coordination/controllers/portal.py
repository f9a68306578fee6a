"""The portal pages of the platforms '  members."""
