from . import test_ili_statistics
