from . import (
    cri_coordination_plan,
    cri_reporting_coordination_action,
    cri_reporting_coordination_indicator,
    cri_reporting_table,
)
