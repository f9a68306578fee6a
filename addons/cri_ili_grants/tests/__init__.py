from . import test_access, test_application, test_expenses, test_instalments
