from . import test_coordination_statistics
