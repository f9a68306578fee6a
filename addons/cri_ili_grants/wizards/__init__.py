from . import (
    cri_ili_budget_wizard,
    cri_ili_expense_import,
    cri_ili_expense_partial_wizard,
    cri_ili_instalment_pay_wizard,
)
