from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cri_base.tools import legal_today


class CriPathwayEvaluation(models.Model):
    """An evaluation interview during the convention, with the short report sent to the
    commune and the CPAS."""

    _name = "cri.pathway.evaluation"
    _description = "Evaluation Interview"
    _inherit = ["cri.pathway.line"]
    _order = "date desc, id desc"

    user_id = fields.Many2one("res.users", string="Social Worker", default=lambda self: self.env.user)
    date = fields.Date(required=True, default=legal_today)
    report = fields.Text(
        string="Short Report", required=True, help="What may be sent to the commune and the CPAS."
    )
    sent_date = fields.Date(string="Sent On", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = super().create(vals_list)
        pathways = evaluations.pathway_id
        pathways.activity_feedback(["cri_parcours.mail_activity_type_evaluation"])
        pathways.filtered(lambda p: p.state == "convention")._schedule_next_evaluation()
        return evaluations

    def action_send_report(self):
        """Post the report in the chatter to the commune and the CPAS that follow the person."""
        for evaluation in self:
            pathway = evaluation.pathway_id
            recipients = pathway.referral_partner_id | pathway._local_partners(("commune", "cpas"))
            if not recipients:
                raise UserError(
                    self.env._(
                        "File %(file)s: no commune or CPAS contact to send the report to.", file=pathway.name
                    )
                )
            # the commune and the CPAS read French, whatever the language of the social worker
            cri_env = self.with_context(lang=pathway._cri_lang()).env
            pathway.with_env(cri_env).message_post_with_source(
                "cri_parcours.evaluation_report_message",
                render_values={"evaluation": evaluation.with_env(cri_env)},
                subject=cri_env._(
                    "Integration pathway: evaluation of %(person)s (%(file)s)",
                    person=pathway.partner_id.name,
                    file=pathway.name,
                ),
                partner_ids=recipients.ids,
                subtype_xmlid="mail.mt_comment",
            )
            evaluation.sent_date = legal_today()
