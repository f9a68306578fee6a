from . import test_access, test_export, test_snapshot, test_statistics, test_suppression, test_tour
