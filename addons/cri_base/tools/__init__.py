from .formatting import amount_text, date_text, datetime_text, hours_text, number_text
from .legal_time import LEGAL_TZ, legal_now, legal_today
