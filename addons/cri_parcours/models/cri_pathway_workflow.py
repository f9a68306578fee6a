from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cri_base.tools import legal_today

from .cri_pathway import CERTIFICATE_SEQUENCE, OPEN_STATES
from .cri_pathway_module import COMPLETED_STATES, RUNNING_STATES


# split by responsibility from cri_pathway.py (CONVENTIONS.md: a file past ~500 lines is split)
class CriPathway(models.Model):
    """Stages of a file: reception, convention, certificate, abandon and transfer."""

    _inherit = "cri.pathway"  # pylint: disable=consider-merging-classes-inherited

    last_evaluation_date = fields.Date(
        string="Last Evaluation",
        compute="_compute_last_evaluation_date",
        store=True,
        help="Date of the last evaluation interview: the next one is due within the regime's "
        "interval. Stored, so that whoever signs the convention schedules it without reading "
        "the interviews (a reception agent does not).",
    )

    @api.depends("evaluation_ids.date")
    def _compute_last_evaluation_date(self):
        for pathway in self:
            pathway.last_evaluation_date = max(pathway.evaluation_ids.mapped("date"), default=False)

    # ------------------------------------------------------------------ workflow
    def _check_state(self, allowed, action):
        for pathway in self:
            if pathway.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "File %(file)s is at the stage “%(state)s”: %(action)s is not possible now.",
                        file=pathway.name,
                        state=states[pathway.state],
                        action=action,
                    )
                )

    def action_start_reception(self):
        self._check_state(["referral"], self.env._("starting the reception"))
        for pathway in self:
            pathway._workflow_write(
                {
                    "state": "reception",
                    "reception_date": pathway.reception_date or legal_today(),
                }
            )
        # the person presented: a procedure about the presentation deadline ends
        self.filtered(lambda p: p.sanction_deadline_kind == "presentation")._end_sanction_procedure()
        return True

    def action_sign_convention(self):
        self._check_state(["reception"], self.env._("signing the convention"))
        for pathway in self:
            if not pathway.rights_info_date:
                raise UserError(
                    self.env._(
                        "File %(file)s: explain the rights and duties to the person before the convention.",
                        file=pathway.name,
                    )
                )
            if not pathway.regime_id:
                raise UserError(
                    self.env._(
                        "File %(file)s: no regime applies to its registration date.", file=pathway.name
                    )
                )
            pathway._workflow_write(
                {
                    "state": "convention",
                    "convention_date": pathway.convention_date or legal_today(),
                }
            )
            pathway._create_regime_modules()
            pathway._schedule_next_evaluation()
        return True

    def _create_regime_modules(self):
        """One module per line of the file's regime that the file does not have yet."""
        vals = []
        for pathway in self:
            existing = set(pathway.module_ids.mapped("module_type"))
            for line in pathway.regime_id.line_ids:
                if line.module_code not in existing:
                    vals.append({"pathway_id": pathway.id, "module_type": line.module_code})
        return self.env["cri.pathway.module"].create(vals)

    def _schedule_next_evaluation(self):
        activity_type = self.env.ref("cri_parcours.mail_activity_type_evaluation")
        for pathway in self:
            last = max(filter(None, [pathway.last_evaluation_date, pathway.convention_date]))
            due = pathway.regime_id._add_months(last, pathway.regime_id.evaluation_interval_months)
            pathway.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=min(due, pathway.convention_end_date or due),
                user_id=(pathway.social_worker_id or self.env.user).id,
            )

    def _certificate_blockers(self):
        """What still stands between this file and its certificate, in plain words."""
        self.ensure_one()
        blockers = []
        if self.state != "convention":
            blockers.append(self.env._("the convention is not running"))
        for line in self.regime_id.line_ids:
            module = self.module_ids.filtered(lambda m, code=line.module_code: m.module_type == code)[:1]
            if not module:
                blockers.append(self.env._("no %(module)s module", module=line.module_type_id.name))
            elif module.state not in COMPLETED_STATES:
                blockers.append(
                    self.env._(
                        "%(module)s: %(attended)s h attended of %(required)s h",
                        module=line.module_type_id.name,
                        attended=module.attended_hours,
                        required=module.required_hours,
                    )
                )
        return blockers

    def action_issue_certificate(self):
        self._check_state(["convention"], self.env._("issuing the certificate"))
        for pathway in self:
            blockers = pathway._certificate_blockers()
            if blockers:
                raise UserError(
                    self.env._(
                        "The certificate of file %(file)s cannot be issued yet: %(blockers)s.",
                        file=pathway.name,
                        blockers="; ".join(blockers),
                    )
                )
            today = legal_today()
            pathway._workflow_write(
                {
                    "state": "done",
                    "certificate_number": self._next_number(pathway.center_id, CERTIFICATE_SEQUENCE),
                    "certificate_date": today,
                    "end_date": today,
                }
            )
            pathway.activity_unlink(["cri_parcours.mail_activity_type_evaluation"])
        return self.env.ref("cri_parcours.action_report_certificate").report_action(self)

    def action_print_certificate(self):
        self._check_state(["done"], self.env._("printing the certificate"))
        return self.env.ref("cri_parcours.action_report_certificate").report_action(self)

    def action_abandon(self):
        self._check_state(OPEN_STATES, self.env._("abandoning the pathway"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Abandon the pathway"),
            "res_model": "cri.pathway.abandon.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pathway_ids": self.ids},
        }

    def _do_abandon(self, reason):
        self._check_state(OPEN_STATES, self.env._("abandoning the pathway"))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the pathway is abandoned."))
        self._workflow_write({"state": "abandoned", "abandon_reason": reason, "end_date": legal_today()})
        self._stop_running_modules()
        self.activity_unlink(["cri_parcours.mail_activity_type_evaluation"])

    def _stop_running_modules(self):
        """A closed file has no running module: operators stop seeing the learner and can no
        longer record attendance for it."""
        self.module_ids.filtered(lambda m: m.state in RUNNING_STATES)._workflow_write({"state": "abandoned"})

    def action_transfer(self):
        self._check_state(OPEN_STATES, self.env._("transferring the file"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer to another CRI"),
            "res_model": "cri.pathway.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pathway_id": self.id},
        }

    def _do_transfer(self, commune):
        """Close this file as transferred and open one in the CRI competent for ``commune``.

        The new file belongs to another CRI (company), which the user cannot write to: after
        checking the user may write this file, the copy is made as superuser. History stays in
        both chatters.
        """
        self.ensure_one()
        self._check_state(OPEN_STATES, self.env._("transferring the file"))
        self.check_access("write")
        # the receiving CRI is another company, out of the user's reach: as in _check_routing,
        # which CRI covers a commune is public reference information
        center = commune.get_competent_center().sudo()
        if center == self.center_id:
            raise UserError(
                self.env._(
                    "%(commune)s is in the territory of the same CRI: change the commune instead.",
                    commune=commune.name,
                )
            )
        vals = self._transfer_values(commune, center)
        # the person moves with the file: a contact of the receiving CRI, no longer of this one
        self.partner_id.sudo().company_id = center.company_id
        new = self.sudo()._workflow_create(vals)
        self._workflow_write({"state": "transferred", "transferred_to_id": new.id, "end_date": legal_today()})
        self._stop_running_modules()
        self.activity_unlink(["cri_parcours.mail_activity_type_evaluation"])
        # written in the CRIs' language, whatever the language of the user who transfers
        cri_env = self.with_context(lang=self._cri_lang()).env
        self.message_post(
            body=cri_env._("File transferred to %(center)s as %(file)s.", center=center.name, file=new.name)
        )
        new.message_post(
            body=cri_env._(
                "File received from %(center)s (file %(file)s).", center=self.center_id.name, file=self.name
            )
        )
        return new

    def _transfer_values(self, commune, center):
        """Values of the file that the receiving CRI opens: the person, the stage reached (a
        convention restarts at the reception of the new CRI) and the declared exemptions."""
        self.ensure_one()
        return self.copy_data(
            {
                "commune_id": commune.id,
                "center_id": center.id,
                "company_id": center.company_id.id,
                "office_id": False,
                "social_worker_id": False,
                "transferred_from_id": self.id,
                "state": "referral" if self.state == "referral" else "reception",
                "reception_date": self.reception_date,
                "rights_info_date": self.rights_info_date,
                # the declared exemptions decide the obligation: they move with the person (as
                # superuser, for a reception agent cannot see a medical one)
                "exemption_ids": [
                    Command.create(
                        {
                            "reason_id": exemption.reason_id.id,
                            "date": exemption.date,
                            "note": exemption.note,
                            "evidence_file": exemption.evidence_file,
                            "evidence_filename": exemption.evidence_filename,
                        }
                    )
                    for exemption in self.sudo().exemption_ids
                ],
            }
        )[0]
