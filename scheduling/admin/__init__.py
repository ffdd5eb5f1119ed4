"""The scheduling admin, split by topic; importing the modules registers them."""

from scheduling.admin.bookings import BookingAdmin, BookingEmailAdmin, IntakeAccessAdmin
from scheduling.admin.clinic import TherapistAdmin

__all__ = ["BookingAdmin", "BookingEmailAdmin", "IntakeAccessAdmin", "TherapistAdmin"]
