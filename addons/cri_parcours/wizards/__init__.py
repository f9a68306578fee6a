from . import (
    cri_pathway_abandon_wizard,
    cri_pathway_date_wizard,
    cri_pathway_regime_change,
    cri_pathway_transfer_wizard,
)
