from . import (
    cri_coordination_plan,
    cri_reporting_coordination_action,
    cri_reporting_coordination_activity,
    cri_reporting_coordination_indicator,
    cri_reporting_coordination_meeting,
    cri_reporting_coordination_public,
    cri_reporting_table,
)
