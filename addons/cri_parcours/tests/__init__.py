from . import (
    test_access,
    test_certificate,
    test_deadlines,
    test_documents,
    test_eligibility,
    test_followup,
    test_portal,
    test_regime,
    test_sanctions,
    test_server_rules,
    test_tour,
    test_workflow,
)
