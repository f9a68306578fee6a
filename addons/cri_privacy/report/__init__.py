from . import cri_privacy_reports
