from odoo import api, fields, models
from odoo.exceptions import AccessError

# what the Region decides about a centre: its own manager cannot change it
REGION_FIELDS = frozenset({"approval_reference", "approval_date"})


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
    approval_reference = fields.Char(
        tracking=True,
        help="Reference of the Walloon Government's decision approving the centre as a regional "
        "integration centre. Printed on the centre's certificates and letters.",
    )
    signatory_name = fields.Char(
        string="Signatory",
        tracking=True,
        help="Person who signs the centre's certificates and letters. Empty: the director.",
    )
    signatory_title = fields.Char(
        string="Signatory's Title",
        tracking=True,
        help="Printed under the signatory's name, e.g. Director.",
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
    can_edit_approval = fields.Boolean(
        string="Can Edit the Approval",
        compute="_compute_can_edit_approval",
        help="Region administrators only.",
    )
    approval_date = fields.Date(
        tracking=True,
        help="Date of the Walloon Government's decision approving the centre.",
    )
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

    @api.depends_context("uid")
    def _compute_can_edit_approval(self):
        self.can_edit_approval = self.env.user.has_group("cri_base.group_region_admin")

    def write(self, vals):
        if (
            REGION_FIELDS & set(vals)
            and not self.env.su
            and not self.env.user.has_group("cri_base.group_region_admin")
        ):
            raise AccessError(
                self.env._("The approval of a centre is recorded by the Region administrators.")
            )
        return super().write(vals)
