from . import (
    test_access,
    test_application,
    test_budget,
    test_expense_import,
    test_expenses,
    test_followup,
    test_instalments,
    test_portal,
    test_statement,
    test_tour,
)
