from . import test_access_log, test_retention, test_subject_access
