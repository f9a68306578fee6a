from odoo import api, fields, models


class CriOffice(models.Model):
    _name = "cri.office"
    _description = "Reception Office"
    _inherit = ["mail.thread"]
    _order = "center_id, name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    center_id = fields.Many2one(
        "cri.center",
        string="Centre",
        required=True,
        default=lambda self: self._default_center_id(),
        ondelete="restrict",
        tracking=True,
        index=True,
        help="Regional Integration Centre that runs this reception office.",
    )
    company_id = fields.Many2one(
        related="center_id.company_id",
        string="Company",
        store=True,
        index=True,
    )
    commune_id = fields.Many2one(
        "cri.commune",
        tracking=True,
        help="Commune where the office is located.",
    )
    street = fields.Char(tracking=True)
    street2 = fields.Char(string="Street 2")
    zip = fields.Char(string="Postal Code", tracking=True)
    city = fields.Char(tracking=True)
    phone = fields.Char(tracking=True)
    email = fields.Char(tracking=True)
    opening_hours = fields.Text(
        help="Days and hours when newcomers can come without appointment.",
    )

    @api.model
    def _default_center_id(self):
        return self.env["cri.center"].search([("company_id", "=", self.env.company.id)], limit=1)
