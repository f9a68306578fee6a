from . import cri_training_reports
