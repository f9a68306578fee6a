from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .cri_pathway_regime import CEFR_LEVELS
from .cri_pathway_sanction import DEADLINE_KINDS, STEP_TEMPLATES

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

# numbers stay the same whatever the language of the user who opens a CRI's first file:
# "dossier" and "attestation"
FILE_PREFIX = "DOS"
CERTIFICATE_PREFIX = "ATT"

# what the eligibility engine reads (see _evaluate_eligibility)
ELIGIBILITY_INPUTS = (
    "regime_id",
    "registration_date",
    "partner_id.birthdate_date",
    "partner_id.nationality_id",
    "family_of_excluded_national",
    "permit_type",
    "permit_unlimited",
    "permit_duration_months",
    "stay_start_date",
    "exemption_ids.reason_id",
    "exemption_ids.date",
)

SOCIAL_GROUPS = "cri_base.group_social_worker,cri_base.group_manager"


class CriPathway(models.Model):
    """One person's integration pathway in one CRI, from the commune's referral to the
    attendance certificate."""

    _name = "cri.pathway"
    _description = "Integration Pathway File"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "registration_date desc, id desc"
    _check_company_auto = True

    # identity
    name = fields.Char(string="File Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        tracking=True,
        index=True,
        domain="[('is_company', '=', False)]",
        help="The newcomer.",
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
        default=fields.Date.context_today,
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
    end_date = fields.Date(string="Closed On", readonly=True, copy=False)
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
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    abandon_reason = fields.Text(tracking=True, copy=False)
    certificate_number = fields.Char(readonly=True, copy=False, tracking=True)
    # computed deadlines
    presentation_deadline = fields.Date(
        string="Present Before", compute="_compute_deadlines", store=True, index=True
    )
    convention_end_date = fields.Date(string="Convention Ends", compute="_compute_deadlines", store=True)
    french_deadline = fields.Date(string="French Due", compute="_compute_deadlines", store=True)
    citizenship_deadline = fields.Date(string="Citizenship Due", compute="_compute_deadlines", store=True)
    orientation_deadline = fields.Date(string="Orientation Due", compute="_compute_deadlines", store=True)
    next_deadline = fields.Date(
        compute="_compute_next_deadline",
        store=True,
        index=True,
        help="Earliest deadline still to meet in the current stage.",
    )
    deadline_missed = fields.Boolean(
        readonly=True, copy=False, index=True, help="Set by the daily deadline check."
    )
    sanction_step = fields.Selection(
        [
            ("reminder", "Reminder"),
            ("formal_notice", "Formal notice"),
            ("report", "Reported to the authority"),
        ],
        readonly=True,
        copy=False,
        tracking=True,
    )
    sanction_deadline_kind = fields.Selection(
        DEADLINE_KINDS,
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
    ]

    def _expand_states(self, states, domain):
        """The kanban shows the stages of a running pathway in their order, even when empty;
        closed stages only when files are in them."""
        pipeline = ["referral", "reception", "convention", "done"]
        return pipeline + [key for key, _label in STATES if key in states and key not in pipeline]

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

    @api.depends(*ELIGIBILITY_INPUTS)
    def _compute_eligibility(self):
        for pathway in self:
            pathway.eligibility = pathway._evaluate_eligibility()[0]

    @api.depends(*ELIGIBILITY_INPUTS)
    @api.depends_context("lang")
    def _compute_eligibility_explanation(self):
        for pathway in self:
            pathway.eligibility_explanation = pathway._evaluate_eligibility()[1]

    def _evaluate_eligibility(self):
        """(category, explanation) under the file's regime, on its registration date.

        Order matters and follows the decree: a person outside the target (excluded, not a
        primo-arrivant) is not "exempted"; an exemption only lifts an obligation that exists.
        """
        self.ensure_one()
        regime = self.regime_id
        ref = self.registration_date
        person = self.partner_id
        missing = []
        if not ref:
            missing.append(self.env._("commune registration date"))
        if not regime and ref:
            missing.append(self.env._("a regime in force on %(date)s", date=ref))
        if not person.birthdate_date:
            missing.append(self.env._("birth date"))
        if not person.nationality_id:
            missing.append(self.env._("nationality"))
        if not self.permit_type:
            missing.append(self.env._("residence permit"))
        if self.permit_type != "asylum_seeker":
            if not self.stay_start_date:
                missing.append(self.env._("start of the legal stay"))
            if not self.permit_unlimited and not self.permit_duration_months:
                missing.append(self.env._("permit duration"))
        if missing:
            return "incomplete", self.env._("Missing to decide: %(items)s.", items=", ".join(missing))

        voluntary = self.env._("The pathway stays open to the person on a voluntary basis.")
        nationality = person.nationality_id
        if nationality in regime.excluded_country_ids:
            return "excluded", self.env._(
                "National of %(country)s (EU, EEA or Switzerland): outside the mandatory pathway. %(voluntary)s",
                country=nationality.name,
                voluntary=voluntary,
            )
        if self.family_of_excluded_national:
            return "excluded", self.env._(
                "Family member of an EU, EEA or Swiss national: outside the mandatory pathway. %(voluntary)s",
                voluntary=voluntary,
            )
        if self.permit_type == "asylum_seeker":
            if regime.exclude_asylum_seekers:
                return "excluded", self.env._(
                    "Asylum seeker: excluded from the pathway under the regime %(regime)s. %(voluntary)s",
                    regime=regime.name,
                    voluntary=voluntary,
                )
        else:
            stay_limit = regime._add_months(self.stay_start_date, regime.max_stay_months)
            if ref >= stay_limit:
                return "not_target", self.env._(
                    "Legally resident since %(start)s: %(months)s months or more on %(date)s, so not a "
                    "primo-arrivant. %(voluntary)s",
                    start=self.stay_start_date,
                    months=regime.max_stay_months,
                    date=ref,
                    voluntary=voluntary,
                )
            if not self.permit_unlimited and self.permit_duration_months <= regime.min_permit_months:
                return "not_target", self.env._(
                    "Residence permit of %(duration)s months: a primo-arrivant holds a permit of more than "
                    "%(months)s months. %(voluntary)s",
                    duration=self.permit_duration_months,
                    months=regime.min_permit_months,
                    voluntary=voluntary,
                )
        age = relativedelta(ref, person.birthdate_date).years
        if age < regime.min_age:
            return "exempted", self.env._(
                "Aged %(age)s on %(date)s, under %(min)s: exempted. %(voluntary)s",
                age=age,
                date=ref,
                min=regime.min_age,
                voluntary=voluntary,
            )
        if age >= regime.max_age:
            return "exempted", self.env._(
                "Aged %(age)s on %(date)s, %(max)s or over: exempted. %(voluntary)s",
                age=age,
                date=ref,
                max=regime.max_age,
                voluntary=voluntary,
            )
        reasons = self.exemption_ids.reason_id & regime.exemption_reason_ids
        if reasons:
            # the explanation is read by reception agents: a medical reason stays unnamed
            names = [r.name for r in reasons if not r.is_medical]
            if reasons.filtered("is_medical"):
                names.append(self.env._("a confidential reason"))
            return "exempted", self.env._(
                "Exempted: %(reasons)s. %(voluntary)s",
                reasons=", ".join(names),
                voluntary=voluntary,
            )
        return "mandatory", self.env._(
            "Primo-arrivant (legal stay under %(stay)s months, permit of more than %(permit)s months), "
            "aged %(age)s, no exemption: the pathway is mandatory under the regime %(regime)s.",
            stay=regime.max_stay_months,
            permit=regime.min_permit_months,
            age=age,
            regime=regime.name,
        )

    @api.depends("eligibility", "eligibility_override")
    def _compute_is_mandatory(self):
        for pathway in self:
            if pathway.eligibility_override:
                pathway.is_mandatory = pathway.eligibility_override == "mandatory"
            else:
                pathway.is_mandatory = pathway.eligibility == "mandatory"

    @api.depends(
        "regime_id",
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
        today = fields.Date.context_today(self)
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

    @api.model_create_multi
    def create(self, vals_list):
        self._check_override_rights(vals_list)
        self._check_routing([vals["commune_id"] for vals in vals_list if vals.get("commune_id")])
        Commune = self.env["cri.commune"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/" and vals.get("commune_id"):
                # numbered before the insert: the number is unique per CRI
                center = Commune.browse(vals["commune_id"]).center_id
                vals["name"] = self._next_number(center, "cri.pathway", FILE_PREFIX)
        return super().create(vals_list)

    def write(self, vals):
        if {"eligibility_override", "eligibility_override_reason"} & set(
            vals
        ) and not self.env.user.has_group("cri_base.group_manager"):
            raise AccessError(self.env._("Only a manager can override the eligibility of a file."))
        if vals.get("commune_id"):
            self._check_routing([vals["commune_id"]])
        return super().write(vals)

    @api.model
    def _next_number(self, center, code, prefix):
        """Next number of the sequence ``code`` of ``center``'s CRI (company), created on first
        use so that each CRI numbers its files and certificates on its own."""
        company = center.sudo().company_id
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        )
        if not sequence:
            # a technical record that no CRI role manages: created by the system for the CRI
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": f"{code} ({company.name})",
                        "code": code,
                        "company_id": company.id,
                        "prefix": f"{prefix}/{center.sudo().code}/%(year)s/",
                        "padding": 5,
                    }
                )
            )
        return sequence.next_by_id()

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
            pathway.write(
                {
                    "state": "reception",
                    "reception_date": pathway.reception_date or fields.Date.context_today(self),
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
            pathway.write(
                {
                    "state": "convention",
                    "convention_date": pathway.convention_date or fields.Date.context_today(self),
                }
            )
            pathway._create_regime_modules()
            pathway._schedule_next_evaluation()
        return True

    def _create_regime_modules(self):
        """One line per module of the regime that the file does not have yet."""
        Module = self.env["cri.pathway.module"]
        vals = []
        for pathway in self:
            existing = set(pathway.module_ids.mapped("module_type"))
            for kind in ("french", "citizenship", "orientation"):
                if kind not in existing:
                    vals.append({"pathway_id": pathway.id, "module_type": kind})
        return Module.create(vals)

    def _schedule_next_evaluation(self):
        activity_type = self.env.ref("cri_parcours.mail_activity_type_evaluation")
        for pathway in self:
            last = max(pathway.evaluation_ids.mapped("date") or [pathway.convention_date])
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
        types = dict(self.env["cri.pathway.module"]._fields["module_type"]._description_selection(self.env))
        for kind in ("french", "citizenship", "orientation"):
            module = self.module_ids.filtered(lambda m, kind=kind: m.module_type == kind)[:1]
            if not module:
                blockers.append(self.env._("no %(module)s module", module=types[kind]))
            elif module.state not in ("done", "early_done"):
                blockers.append(
                    self.env._(
                        "%(module)s: %(attended)s h attended of %(required)s h",
                        module=types[kind],
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
            today = fields.Date.context_today(self)
            pathway.write(
                {
                    "state": "done",
                    "certificate_number": self._next_number(
                        pathway.center_id, "cri.pathway.certificate", CERTIFICATE_PREFIX
                    ),
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
        self._check_state(["referral", "reception", "convention"], self.env._("abandoning the pathway"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Abandon the pathway"),
            "res_model": "cri.pathway.abandon.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pathway_ids": self.ids},
        }

    def _do_abandon(self, reason):
        self._check_state(["referral", "reception", "convention"], self.env._("abandoning the pathway"))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the pathway is abandoned."))
        self.write(
            {"state": "abandoned", "abandon_reason": reason, "end_date": fields.Date.context_today(self)}
        )
        self._stop_running_modules()
        self.activity_unlink(["cri_parcours.mail_activity_type_evaluation"])

    def _stop_running_modules(self):
        """A closed file has no running module: operators stop seeing the learner and can no
        longer record attendance for it."""
        self.module_ids.filtered(lambda m: m.state in ("planned", "in_progress")).write(
            {"state": "abandoned"}
        )

    def action_transfer(self):
        self._check_state(["referral", "reception", "convention"], self.env._("transferring the file"))
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
        self._check_state(["referral", "reception", "convention"], self.env._("transferring the file"))
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
        vals = self.copy_data(
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
                        {"reason_id": exemption.reason_id.id, "date": exemption.date, "note": exemption.note}
                    )
                    for exemption in self.sudo().exemption_ids
                ],
            }
        )[0]
        new = self.sudo().create(vals)
        self.write(
            {"state": "transferred", "transferred_to_id": new.id, "end_date": fields.Date.context_today(self)}
        )
        self._stop_running_modules()
        self.activity_unlink(["cri_parcours.mail_activity_type_evaluation"])
        self.message_post(
            body=self.env._("File transferred to %(center)s as %(file)s.", center=center.name, file=new.name)
        )
        new.message_post(
            body=self.env._(
                "File received from %(center)s (file %(file)s).", center=self.center_id.name, file=self.name
            )
        )
        return new

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
            pathways.write(
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
        self.write(
            {
                "deadline_missed": False,
                "sanction_step": False,
                "sanction_next_date": False,
                "sanction_deadline_kind": False,
            }
        )

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
