from odoo import api, fields, models

from odoo.addons.cri_base.tools import legal_today


class CriPathwaySanction(models.Model):
    """A step of the sanction procedure of a mandatory file that missed a deadline."""

    _name = "cri.pathway.sanction"
    _description = "Sanction Step"
    _inherit = ["cri.pathway.line"]
    _order = "date desc, id desc"

    currency_id = fields.Many2one(related="pathway_id.regime_id.currency_id", string="Currency")
    step_id = fields.Many2one(
        "cri.pathway.regime.sanction.step",
        required=True,
        ondelete="restrict",
        help="The step of the regime's sanction ladder taken on this date; its letter is the letter sent.",
    )
    deadline_kind = fields.Selection(
        selection="_selection_deadline_kinds", string="Missed Deadline", required=True
    )
    deadline = fields.Date(required=True)
    date = fields.Date(required=True, default=legal_today)
    fine_min = fields.Monetary(string="Fine From", currency_field="currency_id")
    fine_max = fields.Monetary(string="Fine Up To", currency_field="currency_id")

    @api.model
    def _selection_deadline_kinds(self):
        return self.env["cri.pathway"]._selection_deadline_kinds()

    def _letter(self):
        """(subject, body) of this step's letter to the person: the same text, in the same
        language, as the e-mail (see cri.pathway._render_letters)."""
        self.ensure_one()
        subject, body, _sender = self.pathway_id._render_letters(self.step_id.template_id)[self.pathway_id.id]
        return subject, body

    def action_print_letter(self):
        return self.env.ref("cri_parcours.action_report_sanction_letter").report_action(self)
