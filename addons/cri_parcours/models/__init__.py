# isort: off
# the abstract model of a file's records first: the models of those records inherit it
from . import cri_pathway_line

# isort: on
from . import (
    cri_center,
    cri_dashboard_tile,
    cri_interpreting_request,
    cri_language,
    cri_pathway,
    cri_pathway_action,
    cri_pathway_appointment,
    cri_pathway_attendance,
    cri_pathway_deadline,
    cri_pathway_eligibility,
    cri_pathway_evaluation,
    cri_pathway_exemption,
    cri_pathway_exemption_reason,
    cri_pathway_extension,
    cri_pathway_module,
    cri_pathway_module_type,
    cri_pathway_need,
    cri_pathway_numbering,
    cri_pathway_regime,
    cri_pathway_regime_line,
    cri_pathway_regime_sanction_step,
    cri_pathway_sanction,
    cri_pathway_workflow,
    res_partner,
    res_users,
)
