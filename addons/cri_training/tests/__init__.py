from . import test_access, test_portal, test_request, test_sessions, test_survey, test_tour
