from odoo import api, fields, models

from .cri_pathway_sanction import STEP_TEMPLATES


class CriPathway(models.Model):
    """Deadlines of a file and the daily check that takes the sanction steps of missed ones."""

    _inherit = "cri.pathway"

    @api.depends(
        "regime_id.presentation_deadline_months",
        "regime_id.convention_months",
        "regime_id.french_deadline_months",
        "regime_id.citizenship_deadline_months",
        "regime_id.orientation_deadline_months",
        "registration_date",
        "convention_date",
        "extension_ids.months",
    )
    def _compute_deadlines(self):
        for pathway in self:
            regime = pathway.regime_id
            add = regime._add_months
            pathway.presentation_deadline = add(
                pathway.registration_date, regime.presentation_deadline_months
            )
            start = pathway.convention_date
            extension = sum(pathway.extension_ids.mapped("months"))
            pathway.convention_end_date = add(start, regime.convention_months + extension)
            pathway.french_deadline = add(start, regime.french_deadline_months + extension)
            pathway.citizenship_deadline = add(start, regime.citizenship_deadline_months + extension)
            pathway.orientation_deadline = add(start, regime.orientation_deadline_months + extension)

    @api.depends(
        "state",
        "presentation_deadline",
        "french_deadline",
        "citizenship_deadline",
        "orientation_deadline",
        "convention_end_date",
        "module_ids.state",
        "module_ids.module_type",
    )
    def _compute_next_deadline(self):
        for pathway in self:
            if pathway.state == "referral":
                pathway.next_deadline = pathway.presentation_deadline
            elif pathway.state == "convention":
                pending = pathway._pending_module_deadlines()
                pathway.next_deadline = min(pending.values()) if pending else pathway.convention_end_date
            else:
                pathway.next_deadline = False

    def _pending_module_deadlines(self):
        """{module type: deadline} of the modules not completed yet."""
        self.ensure_one()
        deadlines = {
            "french": self.french_deadline,
            "citizenship": self.citizenship_deadline,
            "orientation": self.orientation_deadline,
        }
        done = set(
            self.module_ids.filtered(lambda m: m.state in ("done", "early_done")).mapped("module_type")
        )
        return {kind: date for kind, date in deadlines.items() if date and kind not in done}

    # ------------------------------------------------------------------ deadlines and sanctions
    def _overdue_domain(self, today):
        """Mandatory files whose current stage missed a deadline and whose sanction procedure
        may take its next step today: all of it is decided in SQL on stored fields."""
        return [
            ("is_mandatory", "=", True),
            ("state", "in", ("referral", "convention")),
            ("next_deadline", "<", today),
            # a convention whose modules are all completed only waits for its certificate: it
            # has no missed deadline and must not fill the batch run after run
            "|",
            ("state", "=", "referral"),
            ("module_ids", "any", [("state", "not in", ("done", "early_done"))]),
            ("sanction_step", "!=", "report"),
            "|",
            ("sanction_next_date", "=", False),
            ("sanction_next_date", "<=", today),
        ]

    @api.model
    def _cron_check_deadlines(self, batch_size=200):
        """Daily: flag the mandatory files that missed a deadline and take the next sanction step
        (reminder, formal notice, report to the authority), at most ``batch_size`` files a run;
        the scheduler runs again at once while files remain, so one run stays bounded whatever
        the number of files."""
        today = fields.Date.context_today(self)
        domain = self._overdue_domain(today)
        files = self.search(domain, order="next_deadline, id", limit=batch_size)
        files._take_sanction_step(today)
        remaining = self.search_count(domain) if len(files) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(files), remaining=remaining)
        return files

    def _missed_deadline(self, today):
        """(kind, date) of the earliest missed deadline of the current stage."""
        self.ensure_one()
        if self.state == "referral":
            return "presentation", self.presentation_deadline
        missed = [(date, kind) for kind, date in self._pending_module_deadlines().items() if date < today]
        if not missed:
            return False, False
        date, kind = min(missed)
        return kind, date

    def _take_sanction_step(self, today):
        next_step = {False: "reminder", "reminder": "formal_notice", "formal_notice": "report"}
        templates = {step: self.env.ref(xmlid) for step, xmlid in STEP_TEMPLATES.items()}
        activity_type = self.env.ref("cri_parcours.mail_activity_type_sanction")
        model_id = self.env["ir.model"]._get_id(self._name)
        sanction_vals, activity_vals, by_step = [], [], {}
        for pathway in self:
            kind, deadline = pathway._missed_deadline(today)
            if not kind:
                continue
            same_procedure = pathway.sanction_deadline_kind in (False, kind)
            step = next_step[pathway.sanction_step or False] if same_procedure else "reminder"
            regime = pathway.regime_id
            sanction_vals.append(
                {
                    "pathway_id": pathway.id,
                    "step": step,
                    "deadline_kind": kind,
                    "deadline": deadline,
                    "date": today,
                    "fine_min": regime.fine_min if step == "report" else 0.0,
                    "fine_max": regime.fine_max if step == "report" else 0.0,
                }
            )
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": pathway.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": today,
                    "user_id": (pathway.social_worker_id or pathway.center_id.manager_id or self.env.user).id,
                    "summary": self.env._(
                        "Missed deadline: %(step)s",
                        step=dict(self._fields["sanction_step"]._description_selection(self.env))[step],
                    ),
                    "note": False
                    if pathway.partner_id.email
                    else self.env._(
                        "The person has no e-mail address: print the letter of this step (Sanction "
                        "Steps of the file) and send it by post."
                    ),
                }
            )
            key = (step, kind, regime.sanction_step_days)
            by_step[key] = by_step.get(key, self.browse()) | pathway
        self.env["cri.pathway.sanction"].create(sanction_vals)
        self.env["mail.activity"].create(activity_vals)
        # one write per (step, deadline, delay): a handful whatever the number of files
        for (step, kind, days), pathways in by_step.items():
            pathways._workflow_write(
                {
                    "deadline_missed": True,
                    "sanction_step": step,
                    "sanction_deadline_kind": kind,
                    "sanction_next_date": fields.Date.add(today, days=days),
                }
            )
            for pathway in pathways:
                pathway.message_post_with_source(
                    templates[step],
                    partner_ids=pathway.partner_id.ids if pathway.partner_id.email else [],
                    subtype_xmlid="mail.mt_comment",
                )

    def _end_sanction_procedure(self):
        """The step whose deadline was missed is now done: its procedure ends, and a deadline
        missed later starts a new one from the reminder."""
        kinds = dict(self._fields["sanction_deadline_kind"]._description_selection(self.env))
        for pathway in self.filtered("sanction_deadline_kind"):
            pathway.message_post(
                body=self.env._(
                    "Sanction procedure closed: the step “%(step)s” is now done.",
                    step=kinds[pathway.sanction_deadline_kind],
                )
            )
        self._workflow_write(
            {
                "deadline_missed": False,
                "sanction_step": False,
                "sanction_next_date": False,
                "sanction_deadline_kind": False,
            }
        )
