from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cri_base.tools import legal_today

from .cri_pathway_regime import CEFR_LEVELS

PERMIT_TYPES = [
    ("a_card", "A card (limited stay)"),
    ("b_card", "B card (unlimited stay)"),
    ("f_card", "F card (family of an EU citizen)"),
    ("f_plus_card", "F+ card (permanent, family of an EU citizen)"),
    ("k_card", "K card (long-term resident)"),
    ("asylum_seeker", "Asylum seeker (orange card)"),
    ("other", "Other residence document"),
]

ELIGIBILITY = [
    ("incomplete", "To be completed"),
    ("mandatory", "Primo-arrivant: mandatory"),
    ("exempted", "Exempted: voluntary"),
    ("excluded", "Excluded: voluntary"),
    ("not_target", "Not a primo-arrivant: voluntary"),
]

STATES = [
    ("referral", "Referral"),
    ("reception", "Reception"),
    ("convention", "Convention"),
    ("done", "Certificate issued"),
    ("abandoned", "Abandoned"),
    ("transferred", "Transferred"),
]
# a running pathway, in the order of its stages; the other stages close the file
PIPELINE_STATES = ("referral", "reception", "convention", "done")
OPEN_STATES = PIPELINE_STATES[:3]
CLOSED_STATES = tuple(key for key, _label in STATES if key not in OPEN_STATES)

# the numbering of each CRI: sequence code -> prefix ("dossier", "attestation"), the same
# whatever the language of the user who numbers
FILE_SEQUENCE = "cri.pathway"
CERTIFICATE_SEQUENCE = "cri.pathway.certificate"
NUMBERINGS = {FILE_SEQUENCE: "DOS", CERTIFICATE_SEQUENCE: "ATT"}

SOCIAL_GROUPS = "cri_base.group_social_worker,cri_base.group_manager"

# Fields that only the workflow (action methods, the daily check) sets: refused to a user's
# create and write by cri_base's workflow guard (cri.workflow.mixin).
WORKFLOW_FIELDS = frozenset(
    {
        "name",
        "state",
        "reception_date",
        "convention_date",
        "certificate_date",
        "certificate_number",
        "end_date",
        "abandon_reason",
        "deadline_missed",
        "sanction_step_id",
        "sanction_deadline_kind",
        "sanction_next_date",
        "transferred_from_id",
        "transferred_to_id",
        # computed and stored: only their computation sets them
        "eligibility",
        "is_mandatory",
        "regime_id",
        "presentation_deadline",
        "convention_end_date",
        "next_deadline",
        "last_evaluation_date",
    }
)


class CriPathway(models.Model):
    """One person's integration pathway in one CRI, from the commune's referral to the
    attendance certificate."""

    _name = "cri.pathway"
    _description = "Integration Pathway File"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin"]
    _order = "registration_date desc, id desc"
    _check_company_auto = True
    _cri_workflow_fields = WORKFLOW_FIELDS

    # identity
    name = fields.Char(string="File Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', False)]",
        help="The newcomer: a contact of the file's CRI, which no other CRI sees.",
    )
    birthdate = fields.Date(related="partner_id.birthdate_date", string="Birth Date", readonly=False)
    nationality_id = fields.Many2one(
        related="partner_id.nationality_id", string="Nationality", readonly=False
    )
    gender = fields.Selection(related="partner_id.gender", string="Gender", readonly=False)
    national_number = fields.Char(
        related="partner_id.cri_national_number", string="National Register Number", readonly=False
    )
    language_ids = fields.Many2many("cri.language", string="Languages Spoken")
    # relations
    company_id = fields.Many2one(
        "res.company",
        string="CRI (company)",
        compute="_compute_center_id",
        store=True,
        readonly=False,
        required=True,
        index=True,
        precompute=True,
    )
    center_id = fields.Many2one(
        "cri.center",
        string="Competent CRI",
        compute="_compute_center_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Routed from the commune of residence.",
    )
    commune_id = fields.Many2one(
        "cri.commune",
        required=True,
        tracking=True,
        help="Commune where the person registered; it decides the competent CRI.",
    )
    referral_partner_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        domain="[('is_company', '=', True)]",
        help="Commune administration (or other partner) that sent the person.",
    )
    office_id = fields.Many2one(
        "cri.office",
        string="Reception Office",
        tracking=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    social_worker_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    regime_id = fields.Many2one(
        "cri.pathway.regime",
        compute="_compute_regime_id",
        store=True,
        help="Rules in force on the commune registration date.",
    )
    exemption_ids = fields.One2many("cri.pathway.exemption", "pathway_id", string="Exemptions")
    module_ids = fields.One2many("cri.pathway.module", "pathway_id", string="Modules")
    need_ids = fields.One2many("cri.pathway.need", "pathway_id", string="Needs", groups=SOCIAL_GROUPS)
    action_ids = fields.One2many(
        "cri.pathway.action", "pathway_id", string="Social Follow-up", groups=SOCIAL_GROUPS
    )
    appointment_ids = fields.One2many("cri.pathway.appointment", "pathway_id", string="Appointments")
    interpreting_ids = fields.One2many(
        "cri.interpreting.request", "pathway_id", string="Interpreting Requests"
    )
    extension_ids = fields.One2many("cri.pathway.extension", "pathway_id", string="Convention Extensions")
    evaluation_ids = fields.One2many("cri.pathway.evaluation", "pathway_id", string="Evaluation Interviews")
    sanction_ids = fields.One2many("cri.pathway.sanction", "pathway_id", string="Sanction Steps")
    transferred_from_id = fields.Many2one("cri.pathway", readonly=True, copy=False)
    transferred_to_id = fields.Many2one("cri.pathway", readonly=True, copy=False)
    # residence
    permit_type = fields.Selection(PERMIT_TYPES, string="Residence Permit", tracking=True)
    family_of_excluded_national = fields.Boolean(
        string="Family of an EU/EEA/Swiss National",
        tracking=True,
        help="Family members of EU, EEA and Swiss nationals are outside the mandatory pathway.",
    )
    permit_unlimited = fields.Boolean(string="Unlimited Permit", tracking=True)
    permit_duration_months = fields.Integer(
        string="Permit Duration (months)", tracking=True, help="Validity of the residence permit."
    )
    # dates
    arrival_date = fields.Date(string="Arrival in Belgium")
    permit_date = fields.Date(tracking=True, help="Date the residence permit was issued.")
    stay_start_date = fields.Date(
        string="Legal Stay Since",
        compute="_compute_stay_start_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Start of the legal residence in Belgium; the permit date unless known otherwise.",
    )
    registration_date = fields.Date(
        string="Commune Registration",
        required=True,
        tracking=True,
        index=True,
        default=legal_today,
        help="Registration at the commune: it sets the regime and the presentation deadline.",
    )
    reception_date = fields.Date(string="Presented On", tracking=True, copy=False)
    rights_info_date = fields.Date(
        string="Rights and Duties Explained On",
        tracking=True,
        copy=False,
        help="Information on rights and duties given.",
    )
    french_test_date = fields.Date(copy=False)
    convention_date = fields.Date(string="Convention Signed On", tracking=True, copy=False)
    certificate_date = fields.Date(readonly=True, copy=False, tracking=True)
    end_date = fields.Date(string="Closed On", readonly=True, copy=False, tracking=True)
    # reception
    french_test_level = fields.Selection(CEFR_LEVELS, string="French Level at Reception", tracking=True)
    social_assessment = fields.Html(groups=SOCIAL_GROUPS, copy=False)
    orientation_note = fields.Text(string="Orientation", copy=False)
    # eligibility
    eligibility = fields.Selection(ELIGIBILITY, compute="_compute_eligibility", store=True, tracking=True)
    # not stored: it reads in the language of whoever opens the file; computed as superuser so
    # that it agrees with the stored eligibility even for a user who cannot see a medical reason
    eligibility_explanation = fields.Text(
        string="Why", compute="_compute_eligibility_explanation", compute_sudo=True
    )
    eligibility_override = fields.Selection(
        [("mandatory", "Mandatory"), ("voluntary", "Voluntary")],
        string="Manager's Decision",
        tracking=True,
        copy=False,
        help="Overrides the computed eligibility; managers only, with a reason.",
    )
    eligibility_override_reason = fields.Text(string="Reason of the Decision", tracking=True, copy=False)
    is_mandatory = fields.Boolean(
        string="Mandatory", compute="_compute_is_mandatory", store=True, index=True, tracking=True
    )
    # state
    state = fields.Selection(
        STATES,
        string="Stage",
        default="referral",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    abandon_reason = fields.Text(tracking=True, copy=False)
    certificate_number = fields.Char(readonly=True, copy=False, tracking=True)
    # computed deadlines
    presentation_deadline = fields.Date(
        string="Present Before", compute="_compute_deadlines", store=True, index=True, tracking=True
    )
    convention_end_date = fields.Date(
        string="Convention Ends", compute="_compute_deadlines", store=True, tracking=True
    )
    next_deadline = fields.Date(
        compute="_compute_next_deadline",
        store=True,
        index=True,
        tracking=True,
        help="Earliest deadline still to meet in the current stage.",
    )
    deadline_missed = fields.Boolean(
        readonly=True, copy=False, index=True, help="Set by the daily deadline check."
    )
    sanction_step_id = fields.Many2one(
        "cri.pathway.regime.sanction.step",
        readonly=True,
        copy=False,
        tracking=True,
        ondelete="restrict",
        help="The step of its regime's sanction ladder that the running procedure has reached.",
    )
    sanction_deadline_kind = fields.Selection(
        selection="_selection_deadline_kinds",
        string="Sanctioned Deadline",
        readonly=True,
        copy=False,
        help="The missed deadline that the running sanction procedure is about.",
    )
    sanction_next_date = fields.Date(
        string="Next Sanction Step From",
        readonly=True,
        copy=False,
        index=True,
        help="The deadline check takes the next sanction step on or after this date.",
    )
    module_state_summary = fields.Char(string="Module Summary", compute="_compute_module_state_summary")
    module_count = fields.Integer(compute="_compute_counts")
    appointment_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "This file number already exists in this CRI."),
        (
            "certificate_number_unique",
            "unique(certificate_number, company_id)",
            "This certificate number already exists in this CRI.",
        ),
    ]

    def _expand_states(self, states, domain):
        """The kanban shows the stages of a running pathway in their order, even when empty;
        closed stages only when files are in them."""
        return list(PIPELINE_STATES) + [
            key for key, _label in STATES if key in states and key not in PIPELINE_STATES
        ]

    @api.model
    def _open_files_domain(self, regimes):
        """The running files of ``regimes``: those whose stored values follow the regime."""
        return [("regime_id", "in", regimes.ids), ("state", "in", OPEN_STATES)]

    # ------------------------------------------------------------------ computes
    @api.depends("commune_id")
    def _compute_center_id(self):
        for pathway in self:
            center = pathway.commune_id.center_id
            if pathway.commune_id.german_speaking or not center:
                # create() and write() explain why such a commune cannot hold a file
                pathway.center_id = pathway.center_id
                pathway.company_id = pathway.company_id
                continue
            pathway.center_id = center
            pathway.company_id = center.company_id

    @api.depends("permit_date")
    def _compute_stay_start_date(self):
        for pathway in self:
            pathway.stay_start_date = pathway.permit_date or pathway.stay_start_date

    @api.depends("registration_date")
    def _compute_regime_id(self):
        dates = [d for d in self.mapped("registration_date") if d]
        regimes = self.env["cri.pathway.regime"].search(
            [("date_from", "<=", max(dates, default=fields.Date.today()))], order="date_from desc"
        )
        for pathway in self:
            date = pathway.registration_date
            pathway.regime_id = next((r for r in regimes if date and r.date_from <= date), False)

    @api.depends("module_ids.state", "module_ids.module_type")
    def _compute_module_state_summary(self):
        labels = dict(self.env["cri.pathway.module"]._fields["state"]._description_selection(self.env))
        types = dict(self.env["cri.pathway.module"]._fields["module_type"]._description_selection(self.env))
        for pathway in self:
            pathway.module_state_summary = " · ".join(
                f"{types[m.module_type]}: {labels[m.state]}" for m in pathway.module_ids
            )

    def _compute_counts(self):
        for pathway in self:
            pathway.module_count = len(pathway.module_ids)
            pathway.appointment_count = len(pathway.appointment_ids)

    # ------------------------------------------------------------------ constraints
    @api.constrains("commune_id")
    def _check_commune(self):
        for pathway in self:
            # raises a clear message for a German-speaking commune or one without centre
            pathway.commune_id.get_competent_center()

    @api.constrains("registration_date", "permit_date", "arrival_date", "stay_start_date")
    def _check_dates(self):
        today = legal_today()
        for pathway in self:
            if pathway.registration_date and pathway.registration_date > today:
                raise ValidationError(self.env._("The commune registration date cannot be in the future."))
            if (
                pathway.stay_start_date
                and pathway.registration_date
                and pathway.stay_start_date > pathway.registration_date
            ):
                raise ValidationError(
                    self.env._(
                        "The legal stay cannot start after the commune registration (%(date)s).",
                        date=pathway.registration_date,
                    )
                )

    @api.constrains("permit_duration_months")
    def _check_permit_duration(self):
        if any(p.permit_duration_months < 0 for p in self):
            raise ValidationError(self.env._("The permit duration cannot be negative."))

    @api.constrains("eligibility_override", "eligibility_override_reason")
    def _check_override_reason(self):
        for pathway in self:
            if pathway.eligibility_override and not (pathway.eligibility_override_reason or "").strip():
                raise ValidationError(self.env._("A manager's decision on the eligibility needs a reason."))

    # ------------------------------------------------------------------ CRUD
    def _check_routing(self, commune_ids):
        """Refuse, in words an agent understands, a commune that no CRI of the user covers."""
        for commune in self.env["cri.commune"].browse(commune_ids):
            # which CRI covers a commune is public reference information, shown to orient the person
            center = commune.get_competent_center().sudo()
            if not self.env.su and center.company_id not in self.env.user.company_ids:
                raise UserError(
                    self.env._(
                        "%(commune)s is in the territory of %(center)s: the file must be opened there "
                        "(or transferred to that centre).",
                        commune=commune.name,
                        center=center.name,
                    )
                )

    def _check_override_rights(self, vals_list):
        overriding = any(
            vals.get("eligibility_override") or vals.get("eligibility_override_reason") for vals in vals_list
        )
        if overriding and not self.env.user.has_group("cri_base.group_manager"):
            raise AccessError(self.env._("Only a manager can override the eligibility of a file."))

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "%(fields)s of a pathway file change only through its buttons (reception, "
            "convention, certificate, abandon, transfer) or the daily deadline check.",
            fields=labels,
        )

    @api.model_create_multi
    def create(self, vals_list):
        # the caller's values are checked before a number is taken
        vals_list = self._cri_checked_values(vals_list)
        self._check_override_rights(vals_list)
        self._check_routing([vals["commune_id"] for vals in vals_list if vals.get("commune_id")])
        Commune = self.env["cri.commune"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/" and vals.get("commune_id"):
                # numbered before the insert: the number is unique per CRI
                center = Commune.browse(vals["commune_id"]).center_id
                vals["name"] = self._next_number(center, FILE_SEQUENCE)
        pathways = super().create(vals_list)
        pathways._sync_person_company()
        return pathways

    def write(self, vals):
        if {"eligibility_override", "eligibility_override_reason"} & set(
            vals
        ) and not self.env.user.has_group("cri_base.group_manager"):
            raise AccessError(self.env._("Only a manager can override the eligibility of a file."))
        if vals.get("commune_id"):
            self._check_routing([vals["commune_id"]])
        result = super().write(vals)
        if {"partner_id", "commune_id", "company_id"} & set(vals):
            self._sync_person_company()
        return result

    def _sync_person_company(self):
        """The person of a file belongs to the file's CRI (company): Odoo shows a contact
        without a company to every internal user of every CRI. A transferred person moves with
        the new file."""
        for pathway in self:
            person = pathway.partner_id
            if person and person.company_id != pathway.company_id:
                person.write({"company_id": pathway.company_id.id})

    def _local_partners(self, role_codes):
        """Partners of the file's CRI with one of these roles that serve the file's commune."""
        self.ensure_one()
        return self.env["res.partner"].search(
            [
                ("cri_role_ids.code", "in", list(role_codes)),
                ("cri_commune_ids", "in", self.commune_id.ids),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )

    # ------------------------------------------------------------------ smart buttons
    def action_view_modules(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cri_parcours.action_cri_pathway_module")
        action["domain"] = [("pathway_id", "=", self.id)]
        action["context"] = {"default_pathway_id": self.id}
        return action

    def action_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cri_parcours.action_cri_pathway_appointment")
        action["domain"] = [("pathway_id", "=", self.id)]
        action["context"] = {"default_pathway_id": self.id}
        return action
