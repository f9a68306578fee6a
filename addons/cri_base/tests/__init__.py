from . import (
    test_access,
    test_center,
    test_commune,
    test_core_apps,
    test_correction_proposal,
    test_dashboard,
    test_formatting,
    test_home,
    test_http,
    test_partner_views,
    test_tour,
    test_translations,
)
