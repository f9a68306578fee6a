from .legal_time import LEGAL_TZ, legal_now, legal_today
