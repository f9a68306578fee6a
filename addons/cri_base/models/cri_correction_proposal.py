from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .cri_workflow_mixin import is_workflow

PROPOSAL_STATES = [
    ("proposed", "To Review"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
]
REGION_ADMIN_GROUP = "cri_base.group_region_admin"
ACTIVITY_TYPE = "cri_base.mail_activity_type_correction"
# set by the proposal's creation and its answer only (cri.workflow.mixin)
PROPOSAL_WORKFLOW_FIELDS = frozenset(
    {
        "res_model",
        "res_id",
        "record_name",
        "proposer_id",
        "company_id",
        "state",
        "answered_by_id",
        "answer_date",
        "review_activity_ids",
    }
)


class CriCorrectionProposal(models.Model):
    """A correction of shared reference data proposed by a centre's manager (or the Region's
    observer) and answered by a Region administrator.

    Each Region administrator gets an activity on the reference record; the first answer closes
    them all and reaches the proposer in the proposal's chatter."""

    _name = "cri.correction.proposal"
    _description = "Correction Proposal of Reference Data"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin"]
    _cri_workflow_fields = PROPOSAL_WORKFLOW_FIELDS
    _order = "create_date desc, id desc"
    _rec_name = "record_name"

    # identity
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(
        string="Record", readonly=True, help="The record as it was named when proposed."
    )
    reference = fields.Reference(
        selection="_selection_reference", string="Reference Record", compute="_compute_reference"
    )
    proposal = fields.Text(string="Proposed Correction", required=True, readonly=True)
    source = fields.Char(readonly=True, help="Decree, official list or letter that supports the correction.")
    # relations
    proposer_id = fields.Many2one(
        "res.users", string="Proposed By", required=True, readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", string="Proposer's CRI", readonly=True, default=lambda self: self.env.company
    )
    answered_by_id = fields.Many2one("res.users", readonly=True)
    # dates
    answer_date = fields.Datetime(string="Answered On", readonly=True)
    # state
    answer = fields.Text(
        help="The Region's answer to the proposer: what was corrected, or why nothing was.",
    )
    state = fields.Selection(
        PROPOSAL_STATES, string="Status", default="proposed", required=True, tracking=True
    )
    # computed
    review_activity_ids = fields.Many2many(
        "mail.activity",
        "cri_correction_proposal_activity_rel",
        "proposal_id",
        "activity_id",
        string="Review Activities",
        readonly=True,
        help="The activities of the Region administrators on the reference record.",
    )
    is_region_admin = fields.Boolean(compute="_compute_is_region_admin")

    @api.model
    def _selection_reference(self):
        reference = self.env.registry["cri.reference.mixin"]
        names = [
            name
            for name, model in self.env.registry.items()
            if issubclass(model, reference) and not model._abstract
        ]
        # the models' names in the reader's language (ir.model translates them, _description does not)
        return sorted(
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([("model", "in", names)])
        )

    @api.depends("res_model", "res_id")
    def _compute_reference(self):
        for proposal in self:
            proposal.reference = f"{proposal.res_model},{proposal.res_id}" if proposal.res_id else False

    @api.depends_context("uid")
    def _compute_is_region_admin(self):
        self.is_region_admin = self.env.user.has_group(REGION_ADMIN_GROUP)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            raise AccessError(
                self.env._("A correction is proposed from the record, with “Propose a correction”.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if "answer" in vals and not is_workflow(self.env):
            self._check_region_admin()
            if self.filtered(lambda proposal: proposal.state != "proposed"):
                raise UserError(self.env._("An answered proposal keeps its answer."))
        return super().write(vals)

    @api.model
    def _propose(self, record, proposal, source):
        """The proposal of the current user on ``record`` (reference data it reads), with an
        activity for each Region administrator on the record: each finds it in their own
        activities, and the first answer closes them all."""
        record.ensure_one()
        record._check_may_propose()
        # scheduling needs read access only (cri.reference.mixin): the record rules still apply
        record.check_access("read")
        activity_type = self.env.ref(ACTIVITY_TYPE)
        summary = self.env._("Correction proposed by %(user)s", user=self.env.user.name)
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": admin.id,
                    "date_deadline": activity_type._get_date_deadline(),
                }
                for admin in self._region_admins()
            ]
        )
        new = self._workflow_create(
            [
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "record_name": record.display_name,
                    "proposal": proposal,
                    "source": source,
                    "review_activity_ids": [Command.set(activities.ids)],
                }
            ]
        )
        activities.write({"note": new._review_note()})
        return new

    def _review_note(self):
        self.ensure_one()
        return Markup("<p>%s</p><p>%s</p>") % (
            self.env._(
                "%(user)s proposes: %(proposal)s (source: %(reference)s)",
                user=self.proposer_id.name,
                proposal=self.proposal,
                reference=self.source or self.env._("not given"),
            ),
            self._get_html_link(title=self.env._("Answer the proposal")),
        )

    def _region_admins(self):
        # who answers is a fact of the roles, read whatever the proposer may read of users
        return self.env.ref(REGION_ADMIN_GROUP).sudo().users.filtered(lambda user: not user._is_superuser())

    # ------------------------------------------------------------------ answer
    def _check_region_admin(self):
        if not self.env.user.has_group(REGION_ADMIN_GROUP):
            raise AccessError(self.env._("Only a Region administrator answers a correction proposal."))

    def action_accept(self):
        return self._answer("accepted")

    def action_decline(self):
        return self._answer("declined")

    def _answer(self, state):
        self._check_region_admin()
        self.check_access("write")
        for proposal in self:
            if proposal.state != "proposed":
                raise UserError(
                    self.env._("The proposal on %(record)s is already answered.", record=proposal.record_name)
                )
            if state == "declined" and not (proposal.answer or "").strip():
                raise UserError(self.env._("Say to the proposer why the correction is declined."))
        self._workflow_write(
            {"state": state, "answered_by_id": self.env.user.id, "answer_date": fields.Datetime.now()}
        )
        labels = dict(self._fields["state"]._description_selection(self.env))
        for proposal in self:
            answer = (proposal.answer or "").strip() or self.env._("no comment")
            body = self.env._(
                "Your correction proposal on %(record)s is %(decision)s by %(user)s: %(answer)s",
                record=proposal.record_name,
                decision=labels[state].lower(),
                user=self.env.user.name,
                answer=answer,
            )
            activities = proposal.review_activity_ids
            mine = (
                activities.filtered(lambda activity: activity.user_id == self.env.user)[:1] or activities[:1]
            )
            mine.action_feedback(feedback=body)
            (activities - mine).unlink()
            proposal.message_post(
                body=body,
                partner_ids=proposal.proposer_id.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True
