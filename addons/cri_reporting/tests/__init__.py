from . import (
    test_access,
    test_export,
    test_linked,
    test_snapshot,
    test_suppression,
    test_tour,
)
