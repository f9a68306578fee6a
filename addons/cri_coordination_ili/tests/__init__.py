from . import test_activity_ili
