from . import cri_correction_wizard, portal_wizard_user
