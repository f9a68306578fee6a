from . import test_coordination_generator, test_disclosure_audit, test_portal_accounts, test_statistics
