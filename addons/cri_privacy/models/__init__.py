from . import (
    cri_pathway,
    cri_pathway_exemption,
    cri_pathway_sanction,
    cri_privacy_access_log,
    cri_privacy_retention_policy,
    cri_privacy_retention_run,
    ir_binary,
    res_partner,
)
