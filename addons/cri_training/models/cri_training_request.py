from odoo import fields, models

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("study", "Under study"),
    ("quoted", "Quoted"),
    ("planned", "Planned"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("refused", "Refused"),
]


class CriTrainingRequest(models.Model):
    """An "à la carte" training an organisation asks a CRI for (being written)."""

    _name = "cri.training.request"
    _description = "Training Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    organisation_id = fields.Many2one(
        "res.partner", required=True, index=True, domain="[('is_company', '=', True)]"
    )
    contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', organisation_id)]")
    company_id = fields.Many2one(
        "res.company", string="CRI", required=True, index=True, default=lambda self: self.env.company
    )
    subject = fields.Char(required=True)
    audience = fields.Text(help="Who the training is for.")
    participants = fields.Integer(string="Number of People")
    wished_dates = fields.Text(help="When the organisation would like the training.")
    module_id = fields.Many2one("cri.training.module", string="Catalogue Module")
    quote_amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.EUR"), required=True
    )
    event_id = fields.Many2one("event.event", string="Session", readonly=True, copy=False)
    state = fields.Selection(REQUEST_STATES, default="draft", required=True, tracking=True, copy=False)
