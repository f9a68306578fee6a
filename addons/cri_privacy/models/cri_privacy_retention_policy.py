from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.cri_base.tools import legal_today
from odoo.addons.cri_parcours.models.cri_pathway import CLOSED_STATES

# the kinds of personal data a policy may govern: each has its ``_apply_<kind>`` method
POLICY_KINDS = [
    ("closed_file_person", "Person of a closed file: anonymised"),
    ("medical_evidence", "Medical exemption evidence: document deleted"),
]
# records treated per policy in one run of the scheduled action (it runs again while any remain)
BATCH_SIZE = 200
REGION_ADMIN = "cri_base.group_region_admin"


class CriPrivacyRetentionPolicy(models.Model):
    """How long one kind of personal data is kept, and what happens to it afterwards. The
    durations are data, set by the Region administrators; the daily job applies them."""

    _name = "cri.privacy.retention.policy"
    _description = "Retention Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    # identity
    name = fields.Char(string="Personal Data", required=True, translate=True, tracking=True)
    kind = fields.Selection(
        POLICY_KINDS,
        required=True,
        readonly=True,
        help="What the daily job does with the data once the retention period is over.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="The rule in plain words, for the register.")
    # relations
    run_ids = fields.One2many("cri.privacy.retention.run", "policy_id", string="Runs")
    # durations
    years = fields.Integer(
        string="Retention (years)",
        required=True,
        default=10,
        tracking=True,
        help="Years after the reference date (closing of the file, decision) before the data is "
        "anonymised or deleted.",
    )
    active = fields.Boolean(default=True, tracking=True, help="An archived policy is not applied.")
    # computed
    last_run_date = fields.Datetime(compute="_compute_last_run", string="Last Run")
    run_count = fields.Integer(compute="_compute_last_run", string="Runs Recorded")

    _sql_constraints = [("kind_unique", "unique(kind)", "There is one retention policy per kind of data.")]

    @api.depends("run_ids")
    def _compute_last_run(self):
        groups = self.env["cri.privacy.retention.run"]._read_group(
            [("policy_id", "in", self.ids)], ["policy_id"], ["date:max", "__count"]
        )
        runs = {policy.id: (last, count) for policy, last, count in groups}
        for policy in self:
            policy.last_run_date, policy.run_count = runs.get(policy.id, (False, 0))

    @api.constrains("years")
    def _check_years(self):
        for policy in self:
            if policy.years < 1:
                raise ValidationError(
                    self.env._("%(policy)s: the retention period is at least one year.", policy=policy.name)
                )

    def _cutoff(self):
        """The last reference date whose data this policy treats today."""
        self.ensure_one()
        return legal_today() - relativedelta(years=self.years)

    # ------------------------------------------------------------------ runs
    def action_run_now(self):
        if not self.env.user.has_group(REGION_ADMIN):
            raise AccessError(self.env._("Only a Region administrator runs the retention policies."))
        treated = 0
        for policy in self.filtered("active").sudo():
            done, remaining = policy._apply_batch()
            treated += done
            while remaining and done:
                done, remaining = policy._apply_batch()
                treated += done
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s record(s) treated.", count=treated),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_apply_retention(self):
        """The daily job: one batch of each active policy; the scheduler runs it again at once
        while records remain (``_notify_progress``)."""
        done = remaining = 0
        for policy in self.sudo().search([("active", "=", True)]):
            treated, left = policy._apply_batch()
            done += treated
            remaining += left
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _apply_batch(self, limit=BATCH_SIZE):
        """Treat at most ``limit`` records of this policy and record the run: (treated, remaining)."""
        self.ensure_one()
        # the suite's own rules for a user's changes (who overrides an eligibility...) do not
        # apply to the job: it acts as the system, whoever pressed Run Now
        system = self.with_user(SUPERUSER_ID)
        treated, remaining = getattr(system, f"_apply_{self.kind}")(self._cutoff(), limit)
        self.env["cri.privacy.retention.run"].sudo().create(
            {
                "policy_id": self.id,
                "cutoff_date": self._cutoff(),
                "record_count": treated,
                "user_id": self.env.uid,
            }
        )
        return treated, remaining

    # ------------------------------------------------------------------ kinds
    @api.model
    def _closed_file_persons_domain(self, cutoff):
        """Persons whose files are all closed on or before ``cutoff``, one of them not yet
        anonymised: a person with a running (or recently closed) file elsewhere keeps it all."""
        old_closed = [("state", "in", CLOSED_STATES), ("end_date", "<=", cutoff)]
        return [
            ("cri_pathway_ids", "any", [*old_closed, ("cri_privacy_anonymised", "=", False)]),
            (
                "cri_pathway_ids",
                "not any",
                [
                    "|",
                    "|",
                    ("state", "not in", CLOSED_STATES),
                    ("end_date", "=", False),
                    ("end_date", ">", cutoff),
                ],
            ),
        ]

    def _apply_closed_file_person(self, cutoff, limit):
        Partner = self.env["res.partner"].sudo().with_context(active_test=False, tracking_disable=True)
        domain = self._closed_file_persons_domain(cutoff)
        persons = Partner.search(domain, limit=limit, order="id")
        persons._cri_privacy_anonymise(self)
        return len(persons), Partner.search_count(domain)

    def _apply_medical_evidence(self, cutoff, limit):
        Attachment = self.env["ir.attachment"].sudo()
        exemptions = (
            self.env["cri.pathway.exemption"]
            .sudo()
            .search([("is_medical", "=", True), ("date", "<=", cutoff)])
        )
        domain = [
            ("res_model", "=", "cri.pathway.exemption"),
            ("res_field", "=", "evidence_file"),
            ("res_id", "in", exemptions.ids),
        ]
        documents = Attachment.search(domain, limit=limit, order="id")
        treated = exemptions.browse(documents.mapped("res_id"))
        treated.with_context(cri_privacy_retention=True).write(
            {"evidence_file": False, "evidence_filename": False}
        )
        return len(treated), Attachment.search_count(domain)
