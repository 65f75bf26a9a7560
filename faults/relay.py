"""The fault suite's relay lookup (OUTBOX_RELAY_LOOKUP=faults.relay.lookup): a relay that can tell.

The suite's SMTP server appends each accepted Message-ID to FAULTS_RELAY_FILE; a production relay
would answer from its own log. Not used unless configured.
"""

import os
from pathlib import Path


def lookup(message_id: str) -> bool | None:
    path = os.environ.get("FAULTS_RELAY_FILE", "")
    if not path:
        return None
    try:
        return message_id in Path(path).read_text().split("\n")
    except FileNotFoundError:
        return False
