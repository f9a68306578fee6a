from . import (
    cri_reporting_frozen,
    cri_reporting_pathway,
    cri_reporting_pathway_exemption,
    cri_reporting_pathway_module,
    cri_reporting_publication,
    cri_reporting_snapshot,
    cri_reporting_snapshot_line,
    cri_reporting_table,
    res_users,
)
