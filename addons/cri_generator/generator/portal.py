"""Portal accounts of the generated organisations: per CRI, a contact with a portal login for its
busiest module operators (running modules first: they have learners to follow) and for its ILI
applicants (those with a draft application first: they have something to complete), so that a
regional database has every role of the suite, the partners' included."""

from odoo import Command
from odoo.tools import SQL

# the organisations of a company that get portal accounts, best first
OPERATOR_SQL = """
    SELECT module.operator_id
      FROM cri_pathway_module module
      JOIN res_partner operator ON operator.id = module.operator_id
     WHERE operator.company_id = %(company)s AND operator.active
     GROUP BY module.operator_id
     ORDER BY count(*) FILTER (WHERE module.state IN ('planned', 'in_progress')) DESC,
              count(*) DESC, module.operator_id
     LIMIT %(limit)s
"""
APPLICANT_SQL = """
    SELECT application.partner_id
      FROM cri_ili_application application
      JOIN res_partner organisation ON organisation.id = application.partner_id
     WHERE organisation.company_id = %(company)s AND organisation.active
     GROUP BY application.partner_id
     ORDER BY count(*) FILTER (WHERE application.state = 'draft') DESC,
              max(application.id) DESC, application.partner_id
     LIMIT %(limit)s
"""


class PortalAccounts:
    """Portal users ``gen-<cri>-operator-N`` and ``gen-<cri>-ili-N``: a contact of the
    organisation (its child partner) with the portal group alone; an organisation that already
    has an active portal user keeps it and gets none."""

    KINDS = {
        "operator": ("cri.pathway.module", OPERATOR_SQL, "Contact portail fictif (opérateur)"),
        "ili": ("cri.ili.application", APPLICANT_SQL, "Contact portail fictif (ILI)"),
    }

    def __init__(self, env, network):
        self.env = env
        self.network = network

    def run(self, per_center=2):
        """Create the accounts and return ``{"portal users": number created}``."""
        created = 0
        for kind, (model, query, label) in self.KINDS.items():
            if model not in self.env:
                continue
            self.env[model].flush_model()
            for center in self.network.centers:
                company = self.network.company[center.id]
                self.env.cr.execute(SQL(query, company=company, limit=per_center))
                organisations = [row[0] for row in self.env.cr.fetchall()]
                created += self._accounts(center, kind, label, organisations)
        return {"portal users": created}

    def _accounts(self, center, kind, label, organisations):
        code = self.network.code[center.id].lower()
        company = self.network.company[center.id]
        # no invitation mail: the accounts are of invented people
        Users = self.env["res.users"].with_context(active_test=False, no_reset_password=True)
        portal = self.env.ref("base.group_portal")
        created = 0
        for n, organisation_id in enumerate(organisations, start=1):
            login = f"gen-{code}-{kind}-{n}"
            if Users.search_count([("login", "=", login)]):
                continue
            organisation = self.env["res.partner"].browse(organisation_id)
            if self._has_portal_user(organisation):
                continue
            contact = self.env["res.partner"].create(
                {
                    "name": f"{label} {n} ({self.network.code[center.id]})",
                    "parent_id": organisation_id,
                    "type": "contact",
                    "company_id": company,
                    "email": f"{login}@example.org",
                    "lang": self.network.lang,
                }
            )
            Users.create(
                {
                    "login": login,
                    "partner_id": contact.id,
                    "company_id": company,
                    "company_ids": [Command.set([company])],
                    "groups_id": [Command.set(portal.ids)],
                }
            )
            created += 1
        return created

    def _has_portal_user(self, organisation):
        self.env.cr.execute(
            SQL(
                """SELECT 1 FROM res_users u JOIN res_partner p ON p.id = u.partner_id
                    WHERE u.active AND u.share AND p.commercial_partner_id = %s LIMIT 1""",
                organisation.id,
            )
        )
        return bool(self.env.cr.fetchone())
