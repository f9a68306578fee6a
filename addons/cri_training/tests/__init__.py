from . import (
    test_access,
    test_concurrency,
    test_portal,
    test_registration_rules,
    test_reports,
    test_request,
    test_roles_seams,
    test_sessions,
    test_survey,
    test_tour,
)
