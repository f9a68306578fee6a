from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools.sql import create_index

from odoo.addons.cri_base.tools import legal_today

from .cri_pathway import CLOSED_STATES
from .cri_pathway_module import COMPLETED_STATES

DEADLINE_FIELDS = (
    "presentation_deadline",
    "convention_end_date",
)

# the language of the CRIs: what the suite writes to their staff, and to a person whose
# language the letter has no translation in
CRI_LANG = "fr_BE"


# split by responsibility from cri_pathway.py (CONVENTIONS.md: a file past ~500 lines is split)
class CriPathway(models.Model):
    """Deadlines of a file and the daily check that takes the sanction steps of missed ones."""

    _inherit = "cri.pathway"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        result = super().init()
        # the daily check's search (_overdue_domain), read in deadline order: a few hundred
        # mandatory running files among tens of thousands
        create_index(
            self.env.cr,
            "cri_pathway_overdue_index",
            self._table,
            ["next_deadline", "id"],
            where="is_mandatory AND state IN ('referral', 'convention')",
        )
        # the record rule company_id in company_ids with the list's default order
        create_index(
            self.env.cr,
            "cri_pathway_company_registration_index",
            self._table,
            ["company_id", "registration_date DESC", "id DESC"],
        )
        return result

    @api.depends(
        "regime_id.presentation_deadline_months",
        "regime_id.convention_months",
        "regime_id.earlier_permit_convention_months",
        "regime_id.date_from",
        "registration_date",
        "convention_date",
        "permit_date",
        "stay_start_date",
        "extension_ids.months",
    )
    def _compute_deadlines(self):
        for pathway in self:
            if pathway.state in CLOSED_STATES and pathway.presentation_deadline:
                # a closed file keeps the deadlines it was closed with: a later correction of
                # the regime does not rewrite its history
                pathway._keep_deadlines()
                continue
            regime = pathway.regime_id
            add = regime._add_months
            pathway.presentation_deadline = add(
                pathway.registration_date, regime.presentation_deadline_months
            )
            start = pathway.convention_date
            extension = sum(pathway.extension_ids.mapped("months"))
            months = regime._convention_months_for(pathway.permit_date or pathway.stay_start_date)
            pathway.convention_end_date = add(start, months + extension)

    def _keep_deadlines(self):
        for name in DEADLINE_FIELDS:
            self[name] = self[name]

    @api.depends(
        "state",
        "presentation_deadline",
        "convention_end_date",
        "module_ids.state",
        "module_ids.module_type",
        "module_ids.deadline",
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
        """{module type: deadline} of the modules not completed yet (the modules of the file's
        regime, each with the deadline of its regime line)."""
        self.ensure_one()
        return {
            module.module_type: module.deadline
            for module in self.module_ids
            if module.deadline and module.state not in COMPLETED_STATES
        }

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
            ("module_ids", "any", [("state", "not in", COMPLETED_STATES)]),
            # the regime has a sanction ladder, and the file has not reached its last step (the
            # steps of the regimes are a handful of rows: both are hashed subplans)
            ("regime_id.sanction_step_ids", "!=", False),
            ("sanction_step_id", "not any", [("is_last", "=", True)]),
            "|",
            ("sanction_next_date", "=", False),
            ("sanction_next_date", "<=", today),
        ]

    @api.model
    def _cron_check_deadlines(self, batch_size=200):
        """Daily: flag the mandatory files that missed a deadline and take the next step of their
        regime's sanction ladder (reminder, formal notice, report to the authority...), at most
        ``batch_size`` files a run;
        the scheduler runs again at once while files remain, so one run stays bounded whatever
        the number of files."""
        today = legal_today()
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

    def _next_sanction_step(self, kind):
        """The step of the regime's ladder that the file takes for its missed deadline ``kind``:
        the first one when no procedure runs or it was about another deadline, else the step
        after the current one (none after the last step)."""
        self.ensure_one()
        ladder = self.regime_id.sanction_step_ids.sorted(lambda step: (step.sequence, step.id))
        current = self.sanction_step_id
        if not current or self.sanction_deadline_kind not in (False, kind) or current not in ladder:
            return ladder[:1]
        return ladder[list(ladder).index(current) + 1 :][:1]

    def _take_sanction_step(self, today):
        """Take the next sanction step of the files that missed a deadline: a sanction step, the
        letter of the step in the chatter (e-mailed to a person who has an address) and an
        activity for the social worker, each created for all files at once."""
        steps = {}
        for pathway in self:
            kind, deadline = pathway._missed_deadline(today)
            step = kind and pathway._next_sanction_step(kind)
            if step:
                steps[pathway.id] = (step, kind, deadline)
        files = self.browse(list(steps))
        if not files:
            return
        previous = {pathway.id: pathway.sanction_step_id for pathway in files}
        self.env["cri.pathway.sanction"].create(
            [
                {
                    "pathway_id": pathway.id,
                    "step_id": step.id,
                    "deadline_kind": kind,
                    "deadline": deadline,
                    "date": today,
                    "fine_min": pathway.regime_id.fine_min if step.apply_fine else 0.0,
                    "fine_max": pathway.regime_id.fine_max if step.apply_fine else 0.0,
                }
                for pathway in files
                for step, kind, deadline in [steps[pathway.id]]
            ]
        )
        # one write per (step, deadline): a handful whatever the number of files; the change of
        # step is tracked in the letter's message, not in a message of its own
        by_step = defaultdict(list)
        for pathway in files:
            step, kind, _deadline = steps[pathway.id]
            by_step[(step, kind)].append(pathway.id)
        for (step, kind), ids in by_step.items():
            self.browse(ids).with_context(mail_notrack=True)._workflow_write(
                {
                    "deadline_missed": True,
                    "sanction_step_id": step.id,
                    "sanction_deadline_kind": kind,
                    "sanction_next_date": fields.Date.add(today, days=step.delay_days),
                }
            )
        files._post_sanction_letters(previous)
        files._schedule_sanction_activities(today)

    # ------------------------------------------------------------------ what the check writes
    def _cri_lang(self):
        """The CRIs' language when it is installed, else the running one."""
        return self.env["res.lang"]._get_code(CRI_LANG) or self.env.lang or "en_US"

    def _letter_langs(self, template):
        """{file id: language of its letter}: the person's language when the letter has a
        translation in it, else the CRIs' French, whatever the language of the user or the
        scheduled action that writes it."""
        translated = template._fields["body_html"]._get_stored_translations(template) or {}
        default = self._cri_lang()
        return {
            pathway.id: pathway.partner_id.lang if pathway.partner_id.lang in translated else default
            for pathway in self
        }

    def _render_letters(self, template):
        """{file id: (subject, body, sender)} of ``template``'s letter, in each person's
        language (see _letter_langs), rendered for all files of a language at once."""
        by_lang = defaultdict(list)
        for pathway_id, lang in self._letter_langs(template).items():
            by_lang[lang].append(pathway_id)
        letters = {}
        for lang, ids in by_lang.items():
            rendered = {
                fname: template._render_field(fname, ids, set_lang=lang)
                for fname in ("subject", "body_html", "email_from")
            }
            letters.update(
                {
                    pathway_id: (
                        rendered["subject"][pathway_id],
                        rendered["body_html"][pathway_id],
                        rendered["email_from"][pathway_id],
                    )
                    for pathway_id in ids
                }
            )
        return letters

    def _step_tracking_values(self, old_step, new_step):
        """The mail.tracking.value of the change of sanction step of this file, the steps named
        in the CRIs' language."""
        self.ensure_one()
        cri_lang = self._cri_lang()
        return self.env["mail.tracking.value"]._create_tracking_values(
            old_step.with_context(lang=cri_lang),
            new_step.with_context(lang=cri_lang),
            "sanction_step_id",
            {"type": "many2one"},
            self,
        )

    def _post_sanction_letters(self, previous_steps):
        """Post the letter of each file's new sanction step in its chatter and queue its e-mail
        to the person who has an address, for all files at once: one message a file, which
        also shows the change of step (``previous_steps``: {file id: step before}).

        What message_post would do one file at a time, without notifying the followers: the
        social worker is told by the activity of the step."""
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        reply_to = self._notify_get_reply_to()
        message_vals, mailed = [], []
        for step in self.sanction_step_id:
            files = self.filtered(lambda p, step=step: p.sanction_step_id == step)
            letters = files._render_letters(step.template_id)
            for pathway in files:
                subject, body, email_from = letters[pathway.id]
                person = pathway.partner_id
                message_vals.append(
                    {
                        "model": self._name,
                        "res_id": pathway.id,
                        "record_name": pathway.display_name,
                        "record_company_id": pathway.company_id.id,
                        "author_id": pathway.company_id.partner_id.id,
                        "email_from": email_from,
                        "reply_to": reply_to[pathway.id],
                        "subject": subject,
                        "body": body,
                        "message_type": "comment",
                        "subtype_id": comment,
                        "is_internal": False,
                        "partner_ids": [Command.link(person.id)] if person.email else [],
                        "tracking_value_ids": [
                            Command.create(pathway._step_tracking_values(previous_steps[pathway.id], step))
                        ],
                    }
                )
                mailed.append(pathway if person.email else None)
        messages = self.env["mail.message"].sudo().create(message_vals)
        self._queue_sanction_mails(
            [(pathway, message) for pathway, message in zip(mailed, messages, strict=True) if pathway]
        )

    def _queue_sanction_mails(self, pathway_messages):
        """Queue the e-mail of each (file, letter message) to the file's person, with the
        delivery status of a notification on the message, as message_post does; the mail
        queue sends them."""
        if not pathway_messages:
            return
        mails = (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    {
                        "mail_message_id": message.id,
                        "body_html": message.body,
                        "recipient_ids": [Command.link(pathway.partner_id.id)],
                        "references": message.message_id,
                        "headers": repr(
                            {"X-Odoo-Objects": f"{self._name}-{pathway.id}"}
                            | (
                                {"Return-Path": pathway.company_id.bounce_email}
                                if pathway.company_id.bounce_email
                                else {}
                            )
                        ),
                        "is_notification": True,
                        "auto_delete": False,
                    }
                    for pathway, message in pathway_messages
                ]
            )
        )
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": message.author_id.id,
                    "mail_message_id": message.id,
                    "mail_mail_id": mail.id,
                    "res_partner_id": pathway.partner_id.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "is_read": True,
                }
                for (pathway, message), mail in zip(pathway_messages, mails, strict=True)
            ]
        )
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _schedule_sanction_activities(self, today):
        """One activity a file for its social worker (else the CRI's director, else the running
        user), in the CRIs' language; each assignee is told once, with the list of the files,
        not once a file."""
        cri_self = self.with_context(lang=self._cri_lang())
        steps = {step.id: step.name for step in cri_self.sanction_step_id}
        no_email = cri_self.env._(
            "The person has no e-mail address: print the letter of this step (Sanction Steps of "
            "the file) and send it by post."
        )
        activity_type = self.env.ref("cri_parcours.mail_activity_type_sanction")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": pathway.id,
                        "activity_type_id": activity_type.id,
                        "date_deadline": today,
                        "user_id": (
                            pathway.social_worker_id or pathway.center_id.manager_id or self.env.user
                        ).id,
                        "summary": cri_self.env._(
                            "Missed deadline: %(step)s", step=steps[pathway.sanction_step_id.id]
                        ),
                        "note": False if pathway.partner_id.email else no_email,
                    }
                    for pathway in self
                ]
            )
        )
        cri_self._notify_sanction_assignees(activities)

    def _notify_sanction_assignees(self, activities):
        """One notification per assignee other than the running user, listing the files."""
        by_user = defaultdict(list)
        for activity in activities.filtered(lambda a: a.user_id != self.env.user):
            by_user[activity.user_id].append(self.browse(activity.res_id))
        for user, pathways in by_user.items():
            links = Markup().join(Markup("<li>%s</li>") % pathway._get_html_link() for pathway in pathways)
            self.env["mail.thread"].message_notify(
                partner_ids=user.partner_id.ids,
                subject=self.env._(
                    "Missed deadlines: %(count)s sanction steps to follow up", count=len(pathways)
                ),
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._(
                        "The daily deadline check took the next sanction step of these files and "
                        "assigned you their follow-up:"
                    ),
                    links,
                ),
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _end_sanction_procedure(self):
        """The step whose deadline was missed is now done: its procedure ends, and a deadline
        missed later starts a new one from the reminder. One message a file, in the CRIs'
        language, which also shows the end of the step."""
        running = self.filtered("sanction_deadline_kind")
        if running:
            cri_env = self.with_context(lang=self._cri_lang()).env
            kinds = dict(self._fields["sanction_deadline_kind"]._description_selection(cri_env))
            note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
            self.env["mail.message"].sudo().create(
                [
                    {
                        "model": self._name,
                        "res_id": pathway.id,
                        "record_name": pathway.display_name,
                        "record_company_id": pathway.company_id.id,
                        "author_id": self.env.user.partner_id.id,
                        "email_from": self.env.user.email_formatted,
                        "body": cri_env._(
                            "Sanction procedure closed: the step “%(step)s” is now done.",
                            step=kinds[pathway.sanction_deadline_kind],
                        ),
                        "message_type": "notification",
                        "subtype_id": note,
                        "tracking_value_ids": [
                            Command.create(
                                pathway._step_tracking_values(
                                    pathway.sanction_step_id, pathway.sanction_step_id.browse()
                                )
                            )
                        ]
                        if pathway.sanction_step_id
                        else [],
                    }
                    for pathway in running
                ]
            )
        self.with_context(mail_notrack=True)._workflow_write(
            {
                "deadline_missed": False,
                "sanction_step_id": False,
                "sanction_next_date": False,
                "sanction_deadline_kind": False,
            }
        )

    @api.model
    def _selection_deadline_kinds(self):
        """The deadlines a sanction procedure is about: the presentation at the reception office
        and the deadline of each module type."""
        return [("presentation", self.env._("Presentation at the reception office"))] + self.env[
            "cri.pathway.module.type"
        ]._selection()
