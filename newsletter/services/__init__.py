"""Every write the newsletter makes goes through these functions."""

from newsletter.services.confirmations import confirmation_queue
from newsletter.services.issues import (
    SendInterrupted,
    SendReport,
    issue_enqueue_send,
    issue_save,
    issue_send,
    issue_send_test,
)
from newsletter.services.subscribers import (
    ConfirmOutcome,
    subscriber_confirm,
    subscriber_erase,
    subscriber_export,
    subscriber_purge_unconfirmed,
    subscriber_sign_up,
    subscriber_unsubscribe,
)

__all__ = [
    "ConfirmOutcome",
    "SendInterrupted",
    "SendReport",
    "confirmation_queue",
    "issue_enqueue_send",
    "issue_save",
    "issue_send",
    "issue_send_test",
    "subscriber_confirm",
    "subscriber_erase",
    "subscriber_export",
    "subscriber_purge_unconfirmed",
    "subscriber_sign_up",
    "subscriber_unsubscribe",
]
