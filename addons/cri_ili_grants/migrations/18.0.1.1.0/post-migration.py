"""18.0.1.1.0 follows a grant by budget category and by indicators: the grants decided before
get their budget (the granted amount in the proportions of the requested budget) and, once
started, their indicators."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Application = env["cri.ili.application"]
    decided = Application.search(
        [("state", "in", ("decided", "running", "clearing", "closed")), ("grant_budget_ids", "=", False)]
    )
    for grant in decided:
        grant._create_grant_budget()
    started = Application.search(
        [("state", "in", ("running", "clearing", "closed")), ("indicator_ids", "=", False)]
    )
    for grant in started:
        grant._create_indicators()
