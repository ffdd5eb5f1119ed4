"""Writes that matter: booking, cancelling, moving, and the emails about them."""
