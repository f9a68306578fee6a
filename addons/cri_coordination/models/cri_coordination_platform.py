from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .cri_coordination_record import LIFE_DOMAINS

PLATFORM_KINDS = [
    ("platform", "Platform"),
    ("workshop", "Thematic Workshop"),
    ("regional_group", "Regional Working Group"),
]


class CriCoordinationPlatform(models.Model):
    """A concertation space of a CRI: a platform or a thematic workshop of its territory, whose
    members are organisations and their contacts, or a regional working group whose members are
    staff of several CRIs. It meets (``cri.coordination.meeting``); the CRI that leads it writes
    it, every CRI's staff and the Region read it, its member organisations read it in their
    portal."""

    _name = "cri.coordination.platform"
    _description = "Coordination Platform"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.coordination.owned"]
    _check_company_auto = True
    _order = "company_id, kind, name"

    # identity
    name = fields.Char(string="Platform", required=True, tracking=True)
    kind = fields.Selection(PLATFORM_KINDS, required=True, default="platform", tracking=True)
    life_domain = fields.Selection(LIFE_DOMAINS, tracking=True, help="The life domain it works on, if one.")
    theme = fields.Text(help="What the platform works on, its mandate.")
    active = fields.Boolean(default=True, tracking=True)
    # relations
    company_id = fields.Many2one(
        "res.company",
        string="CRI",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
        help="The centre that leads it: only its coordination officers change it.",
    )
    plan_id = fields.Many2one(
        "cri.coordination.plan",
        string="Local Integration Plan",
        check_company=True,
        tracking=True,
        help="The plan whose actions the platform follows, if any: its decisions may become actions of it.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "cri_coordination_platform_partner_rel",
        "platform_id",
        "partner_id",
        string="Member Organisations",
        domain="[('is_company', '=', True)]",
        help="The organisations of the platform: their portal users read its meetings.",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "cri_coordination_platform_contact_rel",
        "platform_id",
        "partner_id",
        string="Member Contacts",
        domain="[('is_company', '=', False)]",
        help="The persons invited to its meetings, usually contacts of the member organisations.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "cri_coordination_platform_user_rel",
        "platform_id",
        "user_id",
        string="CRI Members",
        domain="[('share', '=', False)]",
        help="Staff of the CRIs taking part: in a regional working group, staff of several CRIs.",
    )
    meeting_ids = fields.One2many("cri.coordination.meeting", "platform_id", string="Meetings")
    # computed
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    next_meeting_date = fields.Datetime(compute="_compute_meeting_count", string="Next Meeting")

    @api.depends("meeting_ids.date_start", "meeting_ids.state")
    def _compute_meeting_count(self):
        counts = dict(
            self.env["cri.coordination.meeting"]._read_group(
                [("platform_id", "in", self.ids)], ["platform_id"], ["__count"]
            )
        )
        nexts = dict(
            self.env["cri.coordination.meeting"]._read_group(
                [
                    ("platform_id", "in", self.ids),
                    ("state", "=", "planned"),
                    ("date_start", ">=", fields.Datetime.now()),
                ],
                ["platform_id"],
                ["date_start:min"],
            )
        )
        for platform in self:
            platform.meeting_count = counts.get(platform, 0)
            platform.next_meeting_date = nexts.get(platform, False)

    @api.constrains("kind", "partner_ids", "user_ids")
    def _check_members(self):
        for platform in self:
            if platform.kind == "regional_group" and platform.partner_ids:
                raise ValidationError(
                    self.env._(
                        "“%(platform)s” is a working group between CRIs: its members are staff of the "
                        "CRIs, not organisations.",
                        platform=platform.name,
                    )
                )

    def write(self, vals):
        if "company_id" in vals and any(platform.company_id.id != vals["company_id"] for platform in self):
            raise UserError(self.env._("A platform stays with the CRI that leads it."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_without_meetings(self):
        if self.meeting_ids:
            raise UserError(
                self.env._(
                    "Platform “%(platform)s” has meetings: archive it instead.",
                    platform=self.meeting_ids[0].platform_id.name,
                )
            )

    def _invitees(self):
        """The partners a meeting of this platform invites: its member contacts, the member
        organisations that have no contact among them, and its CRI members."""
        self.ensure_one()
        organisations_with_contact = self.contact_ids.commercial_partner_id
        return self.contact_ids | (self.partner_ids - organisations_with_contact) | self.user_ids.partner_id

    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cri_coordination.action_cri_coordination_meeting"
        )
        action["domain"] = [("platform_id", "=", self.id)]
        action["context"] = {"default_platform_id": self.id}
        return action
