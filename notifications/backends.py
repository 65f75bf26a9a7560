"""An e-mail backend that writes into the outbox instead of talking to a mail server.

`EMAIL_BACKEND` points here, so mail that Django or a library sends by itself (password reset,
account mails) goes through the same outbox, retries and visibility as the product's own mail.
The delivery task sends with `OUTBOX_DELIVERY_BACKEND` (the real SMTP backend from EMAIL_URL).
"""

from django.core.mail.backends.base import BaseEmailBackend

from notifications.constants import MessageKind


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from django.contrib.auth import get_user_model

        from notifications.outbox import outbox_add

        count = 0
        for message in email_messages:
            recipients = message.recipients()
            region_id = (get_user_model().objects.filter(email__in=recipients, region__isnull=False)
                         .values_list("region_id", flat=True).first()) if recipients else None
            outbox_add(message, kind=MessageKind.ACCOUNT, region_id=region_id)
            count += 1
        return count
