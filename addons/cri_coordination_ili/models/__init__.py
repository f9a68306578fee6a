from . import cri_coordination_activity, cri_ili_application
