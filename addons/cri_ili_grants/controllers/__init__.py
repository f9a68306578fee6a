from . import expense_template, portal
