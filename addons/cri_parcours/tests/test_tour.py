from datetime import timedelta

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPathwayTour(HttpCase):
    """A CRI social worker takes a file through the whole pathway in the French web client."""

    def setUp(self):
        super().setUp()
        company = self.env.ref("cri_base.center_cric").company_id
        self.user = new_test_user(
            self.env,
            login="tour-social-worker",
            name="Assistante Tournée",
            groups="cri_base.group_social_worker,cri_base.group_reception_agent",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            lang="fr_BE",
            tz="Europe/Brussels",
        )
        self.operator = self.env["res.partner"].create(
            {
                "name": "Lire et Écrire Charleroi (tour)",
                "is_company": True,
                "company_id": company.id,
                "cri_role_ids": [(6, 0, self.env.ref("cri_base.partner_role_fle").ids)],
            }
        )
        self.commune_office = self.env["res.partner"].create(
            {
                "name": "Ville de Charleroi – Population (tour)",
                "is_company": True,
                "company_id": company.id,
                "cri_role_ids": [(6, 0, self.env.ref("cri_base.partner_role_commune").ids)],
            }
        )

    def test_pathway_from_referral_to_certificate(self):
        self.start_tour(
            "/odoo/action-cri_parcours.action_cri_pathway", "cri_pathway_tour", login=self.user.login
        )

        pathway = self.env["cri.pathway"].search([("partner_id.name", "=", "Zoé Tourniquet")])
        self.assertEqual(len(pathway), 1, "the tour opens exactly one file for the person it typed")
        self.assertEqual(pathway.commune_id, self.env.ref("cri_base.commune_52011"))
        self.assertEqual(pathway.referral_partner_id, self.commune_office)
        self.assertEqual(pathway.regime_id, self.env.ref("cri_parcours.regime_2016"))
        self.assertEqual(pathway.eligibility, "mandatory")
        self.assertTrue(pathway.rights_info_date)
        # the days typed in the dialogs: received ten days ago, convention signed three days later
        self.assertEqual(pathway.convention_date - pathway.reception_date, timedelta(days=3))
        self.assertEqual(pathway.rights_info_date, pathway.reception_date)
        self.assertEqual(pathway.certificate_date, pathway.end_date)
        self.assertEqual(pathway.state, "done")
        self.assertTrue(pathway.certificate_number)
        modules = {module.module_type: module for module in pathway.module_ids}
        self.assertEqual(modules["citizenship"].state, "done")
        self.assertEqual(modules["citizenship"].attended_hours, 20.0)
        self.assertEqual(modules["orientation"].state, "done")
        self.assertEqual(modules["orientation"].attended_hours, 4.0)
        self.assertEqual(modules["french"].state, "early_done")
        self.assertEqual(modules["french"].operator_id, self.operator)
        self.assertEqual(modules["french"].validation_level, "a2")
