from . import test_access, test_application, test_instalments
