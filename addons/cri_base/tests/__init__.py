from . import test_access, test_center, test_commune, test_core_apps, test_http, test_tour
