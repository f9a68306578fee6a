# isort: off
# the abstract models first: the models below inherit them
from . import cri_reference_mixin, cri_report_mixin, cri_workflow_mixin

# isort: on
from . import (
    cri_center,
    cri_commune,
    cri_correction_proposal,
    cri_dashboard_tile,
    cri_office,
    cri_partner_role,
    ir_actions_report,
    ir_http,
    ir_qweb_fields,
    mail_thread,
    res_partner,
    res_users,
)
