from . import (
    test_access,
    test_access_rpc,
    test_activity,
    test_indicator,
    test_plan_workflow,
    test_platform,
    test_portal,
    test_reports,
    test_survey,
    test_tours,
)
