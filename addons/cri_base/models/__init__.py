from . import cri_center, cri_commune, cri_office, cri_partner_role, res_partner
