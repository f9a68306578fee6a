from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.cri_base.tools import legal_today, number_text

from .cri_pathway import CERTIFICATE_SEQUENCE, OPEN_STATES
from .cri_pathway_module import COMPLETED_STATES, RUNNING_STATES

# the steps whose date a user records (the dialog's choice), and the method that gives the dates
# each may not precede
STEP_FLOORS = {
    "reception": "_reception_date_floors",
    "convention": "_convention_date_floors",
    "certificate": "_certificate_date_floors",
    "end": "_end_date_floors",
}


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

    # ------------------------------------------------------------------ dates of the steps
    @api.model
    def _to_step_date(self, value):
        """``value`` (a date, or its ISO text from an RPC call) as a date; False when empty."""
        if not value:
            return False
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError):
            raise UserError(self.env._("“%(value)s” is not a date.", value=value)) from None

    def _check_step_date(self, day, floors):
        """Refuse ``day`` for a step of this file when it is in the future (legal today) or
        before the latest of ``floors``: ``[(date, message)]``, the dates of the earlier steps
        with the refusal that names them, ``message`` taking the formatted date."""
        self.ensure_one()
        if day > legal_today():
            raise UserError(
                self.env._(
                    "File %(file)s: %(date)s is in the future; record the day it happened.",
                    file=self.name,
                    date=format_date(self.env, day),
                )
            )
        # the latest step bounds the date; of steps on the same day, the later one is named
        known = sorted(((date, message) for date, message in floors if date), key=lambda floor: floor[0])
        if known and day < known[-1][0]:
            floor, message = known[-1]
            raise UserError(message(format_date(self.env, floor)))

    def _step_date_floors(self, step):
        """The dates that the date of ``step`` (a key of STEP_FLOORS) may not precede, each
        with its refusal (see _check_step_date)."""
        self.ensure_one()
        return getattr(self, STEP_FLOORS[step])()

    def _reception_date_floors(self):
        return [
            (
                self.registration_date,
                lambda date: self.env._(
                    "File %(file)s: the reception cannot be dated before the commune registration "
                    "(%(date)s).",
                    file=self.name,
                    date=date,
                ),
            )
        ]

    def _convention_date_floors(self):
        # on the same day, the reception is named (the floors are sorted by date, stably)
        return [
            (
                self.rights_info_date,
                lambda date: self.env._(
                    "File %(file)s: the convention cannot be signed before the rights and duties "
                    "were explained (%(date)s).",
                    file=self.name,
                    date=date,
                ),
            ),
            (
                self.reception_date,
                lambda date: self.env._(
                    "File %(file)s: the convention cannot be signed before the reception (%(date)s).",
                    file=self.name,
                    date=date,
                ),
            ),
        ]

    def _certificate_date_floors(self):
        return [
            (
                self.convention_date,
                lambda date: self.env._(
                    "File %(file)s: the certificate cannot be dated before the convention (%(date)s).",
                    file=self.name,
                    date=date,
                ),
            ),
            (
                self._last_attended_date(),
                lambda date: self.env._(
                    "File %(file)s: the certificate cannot be dated before the last session "
                    "attended (%(date)s): the hours were not done yet.",
                    file=self.name,
                    date=date,
                ),
            ),
        ]

    def _end_date_floors(self):
        """A closing (abandon, transfer) comes after the last step the file recorded."""
        return [
            (
                self.registration_date,
                lambda date: self.env._(
                    "File %(file)s cannot be closed before its commune registration (%(date)s).",
                    file=self.name,
                    date=date,
                ),
            ),
            (
                self.reception_date,
                lambda date: self.env._(
                    "File %(file)s cannot be closed before its reception (%(date)s).",
                    file=self.name,
                    date=date,
                ),
            ),
            (
                self.convention_date,
                lambda date: self.env._(
                    "File %(file)s cannot be closed before its convention was signed (%(date)s).",
                    file=self.name,
                    date=date,
                ),
            ),
        ]

    def _step_date_min(self, step):
        """The earliest date the step may take (shown in the dialog that asks it)."""
        return max((date for date, _message in self._step_date_floors(step) if date), default=False)

    def _last_attended_date(self):
        """The day of the last session attended in the file's modules: the certificate comes
        after the hours are done."""
        self.ensure_one()
        dates = self.module_ids.attendance_ids.filtered(lambda a: a.status == "present").mapped("date")
        return max(dates, default=False)

    def _step_date_action(self, step, title):
        """The dialog that asks the date of ``step`` before the transition runs."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "cri.pathway.date.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pathway_id": self.id, "default_step": step},
        }

    # ------------------------------------------------------------------ reception and convention
    def action_ask_reception_date(self):
        self._check_state(["referral"], self.env._("starting the reception"))
        return self._step_date_action("reception", self.env._("Start the Reception"))

    def action_start_reception(self, reception_date=None):
        """The person presented at the reception office on ``reception_date`` (the date already
        recorded, else legal today, when not given)."""
        self._check_state(["referral"], self.env._("starting the reception"))
        self.check_access("write")
        day = self._to_step_date(reception_date)
        for pathway in self:
            date = day or pathway.reception_date or legal_today()
            pathway._check_step_date(date, pathway._step_date_floors("reception"))
            pathway._workflow_write({"state": "reception", "reception_date": date})
        # the person presented: a procedure about the presentation deadline ends
        self.filtered(lambda p: p.sanction_deadline_kind == "presentation")._end_sanction_procedure()
        return True

    def action_ask_convention_date(self):
        self._check_state(["reception"], self.env._("signing the convention"))
        return self._step_date_action("convention", self.env._("Sign the Convention"))

    def action_sign_convention(self, convention_date=None):
        """The convention was signed on ``convention_date`` (the date already recorded, else
        legal today, when not given): its deadlines count from that day."""
        self._check_state(["reception"], self.env._("signing the convention"))
        self.check_access("write")
        day = self._to_step_date(convention_date)
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
            date = day or pathway.convention_date or legal_today()
            pathway._check_step_date(date, pathway._step_date_floors("convention"))
            pathway._workflow_write({"state": "convention", "convention_date": date})
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
            user = pathway.social_worker_id or self.env.user
            pathway.activity_schedule(
                activity_type_id=activity_type.id,
                # in the language of whom it is for, whoever (or whichever job) schedules it
                summary=activity_type.with_context(lang=user.lang).summary,
                date_deadline=min(due, pathway.convention_end_date or due),
                user_id=user.id,
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
                        attended=number_text(self.env, module.attended_hours),
                        required=number_text(self.env, module.required_hours),
                    )
                )
        return blockers

    def action_ask_certificate_date(self):
        self._check_state(["convention"], self.env._("issuing the certificate"))
        return self._step_date_action("certificate", self.env._("Issue the Certificate"))

    def action_issue_certificate(self, certificate_date=None):
        """Issue the certificate dated ``certificate_date`` (legal today when not given) and close
        the file; returns the certificate to print."""
        self._check_state(["convention"], self.env._("issuing the certificate"))
        self.check_access("write")
        day = self._to_step_date(certificate_date) or legal_today()
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
            pathway._check_step_date(day, pathway._step_date_floors("certificate"))
            pathway._workflow_write(
                {
                    "state": "done",
                    "certificate_number": self._next_number(pathway.center_id, CERTIFICATE_SEQUENCE),
                    "certificate_date": day,
                    "end_date": day,
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

    def _do_abandon(self, reason, end_date=None):
        """Close the files as abandoned on ``end_date`` (legal today when not given)."""
        self._check_state(OPEN_STATES, self.env._("abandoning the pathway"))
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the pathway is abandoned."))
        day = self._to_step_date(end_date) or legal_today()
        for pathway in self:
            pathway._check_step_date(day, pathway._step_date_floors("end"))
        self._workflow_write({"state": "abandoned", "abandon_reason": reason, "end_date": day})
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

    def _do_transfer(self, commune, end_date=None):
        """Close this file as transferred on ``end_date`` (legal today when not given) and open
        one in the CRI competent for ``commune``.

        The new file belongs to another CRI (company), which the user cannot write to: after
        checking the user may write this file, the copy is made as superuser. History stays in
        both chatters.
        """
        self.ensure_one()
        self._check_state(OPEN_STATES, self.env._("transferring the file"))
        self.check_access("write")
        day = self._to_step_date(end_date) or legal_today()
        self._check_step_date(day, self._step_date_floors("end"))
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
        self._workflow_write({"state": "transferred", "transferred_to_id": new.id, "end_date": day})
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
