from . import cri_ili_expense_partial_wizard
