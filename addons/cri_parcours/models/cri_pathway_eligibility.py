from dateutil.relativedelta import relativedelta

from odoo import api, models

from .cri_pathway import CLOSED_STATES

# what the eligibility engine reads (see _evaluate_eligibility): the file's data and the figures
# and lists of its regime, so that a corrected regime corrects its files
ELIGIBILITY_INPUTS = (
    "regime_id",
    "regime_id.max_stay_months",
    "regime_id.min_permit_months",
    "regime_id.min_age",
    "regime_id.max_age",
    "regime_id.exclude_asylum_seekers",
    "regime_id.exemption_reason_ids",
    "regime_id.excluded_country_group_ids.country_ids",
    "regime_id.exempted_country_group_ids.country_ids",
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


# split by responsibility from cri_pathway.py (CONVENTIONS.md: a file past ~500 lines is split)
class CriPathway(models.Model):
    """Eligibility of a file: the decree's tests applied in order, under the file's regime."""

    _inherit = "cri.pathway"  # pylint: disable=consider-merging-classes-inherited

    @api.depends(*ELIGIBILITY_INPUTS)
    def _compute_eligibility(self):
        for pathway in self:
            if pathway.state in CLOSED_STATES and pathway.eligibility:
                # a closed file keeps the eligibility it was closed with: a later correction of
                # its regime does not rewrite its history
                pathway.eligibility = pathway.eligibility
            else:
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
        missing = self._eligibility_missing_inputs()
        if missing:
            return "incomplete", self.env._("Missing to decide: %(items)s.", items=", ".join(missing))
        voluntary = self.env._("The pathway stays open to the person on a voluntary basis.")
        for test in (self._eligibility_exclusion, self._eligibility_target, self._eligibility_exemption):
            verdict = test(voluntary)
            if verdict:
                return verdict
        regime = self.regime_id
        return "mandatory", self.env._(
            "Primo-arrivant (legal stay under %(stay)s months, permit of more than %(permit)s months), "
            "aged %(age)s, no exemption: the pathway is mandatory under the regime %(regime)s.",
            stay=regime.max_stay_months,
            permit=regime.min_permit_months,
            age=self._eligibility_age(),
            regime=regime.name,
        )

    def _eligibility_missing_inputs(self):
        """Names of the inputs still missing to decide, in words a reception agent understands."""
        ref = self.registration_date
        person = self.partner_id
        missing = []
        if not ref:
            missing.append(self.env._("commune registration date"))
        if not self.regime_id and ref:
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
        return missing

    def _eligibility_age(self):
        return relativedelta(self.registration_date, self.partner_id.birthdate_date).years

    def _eligibility_exclusion(self, voluntary):
        """Excluded: a nationality of the regime's excluded groups, the family of an EU, EEA or
        Swiss national, an asylum seeker when the regime excludes them."""
        regime = self.regime_id
        nationality = self.partner_id.nationality_id
        group = regime._nationality_group(nationality, regime.excluded_country_group_ids)
        if group:
            return "excluded", self.env._(
                "National of %(country)s (%(group)s): outside the mandatory pathway under the regime "
                "%(regime)s. %(voluntary)s",
                country=nationality.name,
                group=group.name,
                regime=regime.name,
                voluntary=voluntary,
            )
        if self.family_of_excluded_national:
            return "excluded", self.env._(
                "Family member of an EU, EEA or Swiss national: outside the mandatory pathway. %(voluntary)s",
                voluntary=voluntary,
            )
        if self.permit_type == "asylum_seeker" and regime.exclude_asylum_seekers:
            return "excluded", self.env._(
                "Asylum seeker: excluded from the pathway under the regime %(regime)s. %(voluntary)s",
                regime=regime.name,
                voluntary=voluntary,
            )
        return None

    def _eligibility_target(self, voluntary):
        """Not a primo-arrivant: legally resident too long, or a permit too short. An asylum
        seeker, where not excluded, has neither a legal stay nor a permit to measure."""
        if self.permit_type == "asylum_seeker":
            return None
        regime = self.regime_id
        ref = self.registration_date
        if ref >= regime._add_months(self.stay_start_date, regime.max_stay_months):
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
        return None

    def _eligibility_exemption(self, voluntary):
        """Exempted: the regime's age limits, a nationality of its exempted groups, or a declared
        reason that the regime lists."""
        regime = self.regime_id
        ref = self.registration_date
        age = self._eligibility_age()
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
        nationality = self.partner_id.nationality_id
        group = regime._nationality_group(nationality, regime.exempted_country_group_ids)
        if group:
            return "exempted", self.env._(
                "National of %(country)s (%(group)s): exempted under the regime %(regime)s. %(voluntary)s",
                country=nationality.name,
                group=group.name,
                regime=regime.name,
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
        return None

    @api.depends("eligibility", "eligibility_override")
    def _compute_is_mandatory(self):
        for pathway in self:
            if pathway.eligibility_override:
                pathway.is_mandatory = pathway.eligibility_override == "mandatory"
            else:
                pathway.is_mandatory = pathway.eligibility == "mandatory"
