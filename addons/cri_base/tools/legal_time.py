"""Legal time of the CRIs: Europe/Brussels.

A deadline of the decree or of a call (submission, registration, presentation, convention,
reminders) falls on a Belgian calendar day, whoever asks and whatever time zone their browser or
their context says. ``fields.Date.context_today`` follows the caller's ``tz``: between 22:00 and
midnight UTC a caller in another zone would see yesterday or tomorrow. The suite compares its
deadlines with ``legal_today()`` only (a tool test forbids ``context_today`` in the addons).
"""

from datetime import datetime

import pytz

LEGAL_TZ = pytz.timezone("Europe/Brussels")


def legal_now():
    """The wall-clock time in Brussels, as a naive datetime."""
    return datetime.now(pytz.utc).astimezone(LEGAL_TZ).replace(tzinfo=None)


def legal_today(*_args):
    """Today's date in Brussels. Accepts and ignores a record, so that it serves as a field's
    ``default`` as well as a function."""
    return legal_now().date()
