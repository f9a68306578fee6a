from odoo import api, fields, models


class CriCenter(models.Model):
    _name = "cri.center"
    _description = "Regional Integration Centre"
    _inherit = ["mail.thread"]
    _order = "code"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short name of the centre, e.g. CRIC or CAI.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        ondelete="restrict",
        tracking=True,
        help="Each centre is a separate association: its records live in its own company.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Director",
        tracking=True,
        domain="[('share', '=', False)]",
        help="User who manages the centre.",
    )
    commune_ids = fields.One2many(
        "cri.commune",
        "center_id",
        string="Communes",
        help="Communes of the centre's territory.",
    )
    office_ids = fields.One2many(
        "cri.office",
        "center_id",
        string="Reception Offices",
    )
    street = fields.Char(related="company_id.street", string="Street")
    zip = fields.Char(related="company_id.zip", string="Postal Code")
    city = fields.Char(related="company_id.city", string="City")
    phone = fields.Char(related="company_id.phone", string="Phone")
    email = fields.Char(related="company_id.email", string="Email")
    commune_count = fields.Integer(string="Number of Communes", compute="_compute_commune_count")
    office_count = fields.Integer(string="Number of Offices", compute="_compute_office_count")
    partner_count = fields.Integer(
        string="Number of Partners",
        compute="_compute_partner_count",
        help="Organisations of the centre's company that have a role in the CRI network.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another centre already uses this code."),
        (
            "company_unique",
            "unique(company_id)",
            "Another centre already belongs to this company.",
        ),
    ]

    @api.depends("commune_ids")
    def _compute_commune_count(self):
        counts = dict(
            self.env["cri.commune"]._read_group([("center_id", "in", self.ids)], ["center_id"], ["__count"])
        )
        for center in self:
            center.commune_count = counts.get(center, 0)

    @api.depends("office_ids")
    def _compute_office_count(self):
        counts = dict(
            self.env["cri.office"]._read_group([("center_id", "in", self.ids)], ["center_id"], ["__count"])
        )
        for center in self:
            center.office_count = counts.get(center, 0)

    @api.depends("company_id")
    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("cri_role_ids", "!=", False),
                ],
                ["company_id"],
                ["__count"],
            )
        )
        for center in self:
            center.partner_count = counts.get(center.company_id, 0)

    def action_view_communes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Communes of %(center)s", center=self.code),
            "res_model": "cri.commune",
            "view_mode": "list,form",
            "domain": [("center_id", "=", self.id)],
            "context": {"default_center_id": self.id},
        }

    def action_view_offices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reception Offices of %(center)s", center=self.code),
            "res_model": "cri.office",
            "view_mode": "list,form",
            "domain": [("center_id", "=", self.id)],
            "context": {"default_center_id": self.id},
        }

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Partners of %(center)s", center=self.code),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [
                ("company_id", "=", self.company_id.id),
                ("cri_role_ids", "!=", False),
            ],
            "context": {"default_company_id": self.company_id.id},
        }
