"""The scheduling admin, split by topic; importing the modules registers them."""

from scheduling.admin.bookings import BookingAdmin, IntakeAccessAdmin
from scheduling.admin.clinic import TherapistAdmin
from scheduling.admin.waitlist import WaitlistEntryAdmin

__all__ = ["BookingAdmin", "IntakeAccessAdmin", "TherapistAdmin", "WaitlistEntryAdmin"]
