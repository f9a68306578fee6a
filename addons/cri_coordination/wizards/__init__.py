from . import cri_coordination_plan_adopt
