# isort: off
# the abstract model of shared reference data first: the reference models inherit it
from . import cri_reference_mixin

# isort: on
from . import cri_center, cri_commune, cri_office, cri_partner_role, res_partner
