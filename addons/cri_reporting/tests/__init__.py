from . import (
    test_access,
    test_disclosure_audit,
    test_export,
    test_linked,
    test_snapshot,
    test_statistics,
    test_suppression,
    test_tour,
)
