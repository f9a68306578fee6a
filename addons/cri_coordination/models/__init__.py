# isort: off
# the abstract model of a plan's records first: inherited
from . import cri_coordination_record

# isort: on
from . import (
    cri_coordination_action,
    cri_coordination_activity,
    cri_coordination_decision,
    cri_coordination_indicator,
    cri_coordination_indicator_value,
    cri_coordination_meeting,
    cri_coordination_meeting_attendee,
    cri_coordination_need,
    cri_coordination_plan,
    cri_coordination_platform,
    cri_coordination_priority,
    cri_coordination_recommendation,
    cri_coordination_survey,
    res_users,
)
