from . import cri_coordination_action_xlsx
