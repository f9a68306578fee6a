from odoo import fields, models

SANCTION_STEPS = [
    ("reminder", "Reminder"),
    ("formal_notice", "Formal notice"),
    ("report", "Reported to the authority"),
]
# the letter of each step: sent by e-mail by the daily check, printed for persons without one
STEP_TEMPLATES = {
    "reminder": "cri_parcours.mail_template_sanction_reminder",
    "formal_notice": "cri_parcours.mail_template_sanction_formal_notice",
    "report": "cri_parcours.mail_template_sanction_report",
}
DEADLINE_KINDS = [
    ("presentation", "Presentation at the reception office"),
    ("french", "French module"),
    ("citizenship", "Citizenship module"),
    ("orientation", "Socio-professional orientation"),
]


class CriPathwaySanction(models.Model):
    """A step of the sanction procedure of a mandatory file that missed a deadline."""

    _name = "cri.pathway.sanction"
    _description = "Sanction Step"
    _inherit = ["cri.pathway.line"]
    _order = "date desc, id desc"

    currency_id = fields.Many2one(related="pathway_id.regime_id.currency_id", string="Currency")
    step = fields.Selection(SANCTION_STEPS, required=True)
    deadline_kind = fields.Selection(DEADLINE_KINDS, string="Missed Deadline", required=True)
    deadline = fields.Date(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    fine_min = fields.Monetary(string="Fine From", currency_field="currency_id")
    fine_max = fields.Monetary(string="Fine Up To", currency_field="currency_id")

    def _letter(self):
        """(subject, body) of this step's letter to the person: the same text, in the same
        language, as the e-mail (see cri.pathway._render_letters)."""
        self.ensure_one()
        template = self.env.ref(STEP_TEMPLATES[self.step])
        subject, body, _sender = self.pathway_id._render_letters(template)[self.pathway_id.id]
        return subject, body

    def action_print_letter(self):
        return self.env.ref("cri_parcours.action_report_sanction_letter").report_action(self)
