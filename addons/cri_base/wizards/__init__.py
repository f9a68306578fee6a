from . import cri_correction_wizard
