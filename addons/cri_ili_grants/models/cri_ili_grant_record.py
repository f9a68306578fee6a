from odoo import fields, models


class CriIliGrantRecord(models.AbstractModel):
    """What the records of a grant share (requirements, instalments, expenses): the link to
    their grant and the grant's CRI, which the record rules read."""

    _name = "cri.ili.grant.record"
    _description = "Record of an ILI Grant"
    _check_company_auto = True

    application_id = fields.Many2one(
        "cri.ili.application",
        string="Grant",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True, precompute=True)
