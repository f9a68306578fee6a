# isort: off
# the abstract models of an application's lines and of a grant's records first: inherited
from . import cri_ili_application_line, cri_ili_grant_record
from . import cri_ili_followup

# isort: on
from . import (
    cri_center,
    cri_dashboard_tile,
    cri_ili_application,
    cri_ili_application_document,
    cri_ili_application_grant,
    cri_ili_axis,
    cri_ili_budget_line,
    cri_ili_call,
    cri_ili_call_template,
    cri_ili_document_type,
    cri_ili_expense,
    cri_ili_grant_budget,
    cri_ili_instalment,
    cri_ili_requirement,
    res_users,
)
