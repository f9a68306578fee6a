from . import test_access, test_access_rpc, test_indicator, test_plan_workflow
