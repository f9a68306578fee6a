"""After a session: its satisfaction survey and the follow-up mail to those who attended."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

from odoo.addons.cri_base.tools import LEGAL_TZ, legal_today

from .event_event import CONFIRMED_STATES

SATISFACTION_SURVEY = "cri_training.survey_training_satisfaction"
OFFICER = "cri_training.group_training_officer"
FOLLOWUP_TEMPLATE = "cri_training.mail_template_training_followup"
# a technical catch-up for days the scheduled action did not run, not a business delay: the
# follow-up leaves the day after the session; older sessions (at install) get none
FOLLOWUP_CATCH_UP_DAYS = 7


class EventEvent(models.Model):
    _inherit = "event.event"  # pylint: disable=consider-merging-classes-inherited

    cri_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        compute="_compute_cri_survey_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Sent to the participants who attended, the day after the session ends.",
    )
    cri_survey_answer_ids = fields.One2many(
        "survey.user_input", "cri_event_id", string="Satisfaction Answers", groups=OFFICER
    )
    cri_satisfaction_score = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_cri_satisfaction",
        groups=OFFICER,
        help="Average score of the completed answers to the satisfaction survey.",
    )
    cri_survey_done_count = fields.Integer(
        string="Answers", compute="_compute_cri_satisfaction", groups=OFFICER
    )

    @api.depends("cri_module_id", "company_id")
    def _compute_cri_survey_id(self):
        default = self.env.ref(SATISFACTION_SURVEY, raise_if_not_found=False)
        for event in self:
            if event.cri_module_id and not event.cri_survey_id:
                event.cri_survey_id = event.company_id.cri_training_survey_id or default

    def _compute_cri_satisfaction(self):
        groups = {
            event: (count, score)
            for event, count, score in self.env["survey.user_input"]._read_group(
                [("cri_event_id", "in", self.ids), ("state", "=", "done")],
                ["cri_event_id"],
                ["__count", "cri_score:avg"],
            )
        }
        for event in self:
            count, score = groups.get(event, (0, 0.0))
            event.cri_survey_done_count = count
            event.cri_satisfaction_score = round(score or 0.0, 2)

    def action_open_satisfaction(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cri_training.action_cri_training_satisfaction"
        )
        action["domain"] = [("cri_event_id", "=", self.id)]
        return action


class EventRegistration(models.Model):
    _inherit = "event.registration"

    cri_followup_sent = fields.Boolean(
        string="Follow-up Sent",
        readonly=True,
        copy=False,
        help="The thanks and the satisfaction survey were sent after the session.",
    )
    cri_survey_answer_ids = fields.One2many(
        "survey.user_input", "cri_registration_id", string="Satisfaction Answers", groups=OFFICER
    )

    @api.model
    def _cri_followup_domain(self):
        """Who attended (confirmed, some hours present) a training session that ended before
        today in Brussels, and got no follow-up yet."""
        midnight = LEGAL_TZ.localize(datetime.combine(legal_today(), time.min))
        today = midnight.astimezone(pytz.utc).replace(tzinfo=None)
        return [
            ("cri_followup_sent", "=", False),
            ("state", "in", CONFIRMED_STATES),
            ("cri_attended_hours", ">", 0),
            ("event_id.cri_module_id", "!=", False),
            ("event_id.date_end", "<", today),
            ("event_id.date_end", ">=", today - timedelta(days=FOLLOWUP_CATCH_UP_DAYS)),
        ]

    @api.model
    def _cron_send_training_followup(self):
        """The day after a session: an answer of its satisfaction survey per attendee and one
        mail (thanks, certificate, survey link). In batch: a constant number of queries
        whatever the number of sessions."""
        registrations = self.sudo().search(self._cri_followup_domain())
        if not registrations:
            return
        # no chatter on the answers: subscribing each one would cost a query per attendee
        self.env["survey.user_input"].sudo().with_context(tracking_disable=True).create(
            [
                registration._cri_survey_answer_values()
                for registration in registrations
                if registration.event_id.cri_survey_id.active
            ]
        )
        registrations._workflow_write({"cri_followup_sent": True})
        self.env.ref(FOLLOWUP_TEMPLATE).sudo().send_mail_batch(registrations.ids)

    def _cri_survey_answer_values(self):
        """The values of ``survey.survey._create_answer`` for an invited partner, with the link
        to the session and the registration."""
        self.ensure_one()
        partner = self.partner_id
        return {
            "survey_id": self.event_id.cri_survey_id.id,
            "partner_id": partner.id,
            "email": partner.email or self.email,
            "nickname": partner.name or self.name,
            "invite_token": self.env["survey.user_input"]._generate_invite_token(),
            "cri_event_id": self.event_id.id,
            "cri_registration_id": self.id,
        }
