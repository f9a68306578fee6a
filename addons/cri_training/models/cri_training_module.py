from odoo import api, fields, models
from odoo.exceptions import ValidationError

OFFICER = "cri_training.group_training_officer"


class CriTrainingTheme(models.Model):
    """A theme of the catalogue (welcoming the public, interculturality, foreigners' law...)."""

    _name = "cri.training.theme"
    _description = "Training Theme"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class CriTrainingModule(models.Model):
    """A training module of the catalogue, offered by one or several CRIs, alone or in cycles."""

    _name = "cri.training.module"
    _description = "Training Module"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "theme_id, name"

    name = fields.Char(string="Title", required=True, tracking=True)
    theme_id = fields.Many2one("cri.training.theme", required=True, tracking=True)
    objectives = fields.Text()
    programme = fields.Html()
    duration_hours = fields.Float(string="Duration (hours)", required=True, tracking=True)
    audience = fields.Char(help="The practitioners the module is for.")
    prerequisites = fields.Text()
    # the CRI's staff, not shown in the portal's catalogue
    trainer_ids = fields.Many2many(
        "res.users", string="Trainers", domain="[('share', '=', False)]", groups="base.group_user"
    )
    price = fields.Monetary(currency_field="currency_id", help="Price for a participant, if any.")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.EUR"), required=True
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Offered by",
        required=True,
        default=lambda self: self.env.company,
        help="The CRIs that publish this module in their catalogue.",
    )
    cycle_ids = fields.Many2many("cri.training.cycle", string="Cycles")
    # the sessions are the training officers' (the Region and the portal read the catalogue only)
    session_ids = fields.One2many("event.event", "cri_module_id", string="Sessions", groups=OFFICER)
    session_count = fields.Integer(compute="_compute_session_count", groups=OFFICER)
    active = fields.Boolean(default=True)

    @api.constrains("duration_hours", "price")
    def _check_numbers(self):
        for module in self:
            if module.duration_hours <= 0:
                raise ValidationError(self.env._("A module lasts some hours."))
            if module.price < 0:
                raise ValidationError(self.env._("A price cannot be negative."))

    def _compute_session_count(self):
        counts = dict(
            self.env["event.event"]._read_group(
                [("cri_module_id", "in", self.ids)], ["cri_module_id"], ["__count"]
            )
        )
        for module in self:
            module.session_count = counts.get(module, 0)

    def action_open_sessions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sessions"),
            "res_model": "event.event",
            "view_mode": "list,form,calendar",
            "domain": [("cri_module_id", "=", self.id)],
            "context": {"default_cri_module_id": self.id, "default_name": self.name},
        }


class CriTrainingCycle(models.Model):
    """A cycle of modules followed as one path: completed once each of its modules is."""

    _name = "cri.training.cycle"
    _description = "Training Cycle"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    theme_id = fields.Many2one("cri.training.theme")
    description = fields.Html()
    module_ids = fields.Many2many("cri.training.module", string="Modules", required=True)
    company_ids = fields.Many2many(
        "res.company", string="Offered by", required=True, default=lambda self: self.env.company
    )
    duration_hours = fields.Float(string="Duration (hours)", compute="_compute_duration_hours")
    active = fields.Boolean(default=True)

    @api.depends("module_ids.duration_hours")
    def _compute_duration_hours(self):
        for cycle in self:
            cycle.duration_hours = sum(cycle.module_ids.mapped("duration_hours"))

    def _certificate_registrations(self, partner):
        """The registrations of ``partner`` that count for the cycle: the sessions of its modules
        where the partner reached the attendance threshold, among those the current user reads
        (a CRI's staff: its own CRIs')."""
        self.ensure_one()
        return self.env["event.registration"].search(
            [
                ("partner_id", "=", partner.id),
                ("cri_certificate_eligible", "=", True),
                ("event_id.cri_module_id", "in", self.module_ids.ids),
            ],
            order="cri_session_date, id",
        )

    def _modules_completed_by(self, partner):
        self.ensure_one()
        return self._certificate_registrations(partner).event_id.cri_module_id

    def _completed_by(self, partner):
        """Whether ``partner`` completed every module of the cycle: for each, a registration to a
        session of it that reached the attendance threshold."""
        self.ensure_one()
        return bool(self.module_ids) and not (self.module_ids - self._modules_completed_by(partner))
