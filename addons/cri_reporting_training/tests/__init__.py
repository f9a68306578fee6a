from . import test_training_statistics
