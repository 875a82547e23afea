"""What the workflow announces, for the apps above `indicators` (notifications).

Each signal is sent by the service that makes the change, inside its transaction, so that a
receiver may defer its work with `transaction.on_commit`: a rolled-back change announces
nothing that happens. The sender is the model class; the keyword arguments are listed.
"""

from django.dispatch import Signal

submission_submitted = Signal()  # submission, user
submission_approved = Signal()  # submission, user
submission_returned = Signal()  # submission, user, comments: {indicator pk: text}
submission_reopened = Signal()  # submission, user
lock_exception_granted = Signal()  # exception, user
