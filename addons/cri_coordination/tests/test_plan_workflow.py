from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_base.tools import legal_today

from .common import CoordinationCommon


@tagged("post_install", "-at_install")
class TestPlanWorkflow(CoordinationCommon, TransactionCase):
    def as_officer(self, records):
        return records.with_user(self.officer)

    def adopt(self, plan, body="Conseil communal de Charleroi", day=None):
        plan.action_adopt(body, day or legal_today())

    def test_plan_goes_through_every_state_by_its_buttons(self):
        plan = self.as_officer(self.plan_cric)
        self.assertEqual(plan.state, "diagnosis")
        plan.action_consultation()
        self.assertEqual(plan.state, "consultation")
        wizard_action = plan.action_open_adopt_wizard()
        wizard = (
            self.env[wizard_action["res_model"]]
            .with_user(self.officer)
            .with_context(**wizard_action["context"])
            .create({"adoption_body": "Conseil communal de Charleroi"})
        )
        self.assertEqual(wizard.adoption_date, legal_today())
        wizard.action_confirm()
        self.assertEqual(plan.state, "adopted")
        self.assertEqual(plan.adoption_body, "Conseil communal de Charleroi")
        self.assertEqual(plan.adoption_date, legal_today())
        plan.action_run()
        self.assertEqual(plan.state, "running")
        plan.action_evaluate()
        self.assertEqual(plan.state, "evaluated")
        plan.action_close()
        self.assertEqual(plan.state, "closed")

    def test_manager_runs_the_plans_of_its_cri(self):
        plan = self.plan_cric.with_user(self.manager)
        plan.action_consultation()
        self.assertEqual(plan.state, "consultation")
        plan.need_ids.with_user(self.manager).write({"source": "Atelier"})

    def test_a_transition_from_the_wrong_state_is_refused_in_french_and_changes_nothing(self):
        plan = self.as_officer(self.plan_cric).with_context(lang="fr_BE")
        for method in ("action_run", "action_evaluate", "action_close", "action_open_adopt_wizard"):
            with self.subTest(method=method), self.assertRaisesText(UserError, "ne peut pas devenir"):
                getattr(plan, method)()
        with self.assertRaisesText(UserError, "Diagnostic"):
            self.adopt(plan)
        self.assertEqual(plan.state, "diagnosis")
        self.assertFalse(plan.adoption_body)
        plan.action_consultation()
        with self.assertRaises(UserError):
            plan.action_consultation()
        self.assertEqual(plan.state, "consultation")

    def test_adoption_needs_its_body_and_a_date_not_in_the_future(self):
        plan = self.as_officer(self.plan_cric).with_context(lang="fr_BE")
        plan.action_consultation()
        tomorrow = legal_today() + timedelta(days=1)
        with self.assertRaisesText(UserError, "dans le futur"):
            self.adopt(plan, day=tomorrow)
        with self.assertRaisesText(UserError, "organe"):
            self.adopt(plan, body="  ")
        with self.assertRaisesText(UserError, "date"):
            plan.action_adopt("Conseil communal", False)
        self.assertEqual(plan.state, "consultation")
        self.assertFalse(plan.adoption_date)
        self.adopt(plan, day=legal_today() - timedelta(days=3))
        self.assertEqual(plan.adoption_date, legal_today() - timedelta(days=3))

    def test_end_year_before_start_is_refused(self):
        plan = self.as_officer(self.plan_cric).with_context(lang="fr_BE")
        with self.assertRaisesText(ValidationError, "ne peut pas précéder"):
            plan.write({"year_end": 2023})
        with self.assertRaises(ValidationError):
            self.env["cri.coordination.plan"].with_user(self.officer).create(
                {"name": "Plan à l'envers", "year_start": 2030, "year_end": 2025}
            )
        self.assertEqual(self.plan_cric.year_end, 2029)

    def test_the_territory_is_made_of_communes_of_the_plans_cri(self):
        plan = self.as_officer(self.plan_cric).with_context(lang="fr_BE")
        with self.assertRaisesText(ValidationError, "territoire"):
            plan.write({"commune_ids": [Command.link(self.namur.id)]})
        with self.assertRaisesText(ValidationError, "territoire"):
            plan.need_ids.write({"commune_id": self.namur.id})

    def test_workflow_fields_are_refused_in_write_and_create_for_everyone(self):
        admin = self.env.ref("base.user_admin")
        for user in (self.officer, self.manager, admin):
            plan = self.plan_cric.with_user(user).with_context(lang="fr_BE")
            for vals in ({"state": "running"}, {"adoption_body": "Moi"}, {"adoption_date": legal_today()}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesText(UserError, "boutons"):
                    plan.write(vals)
            with self.subTest(user=user.login), self.assertRaises(UserError):
                plan.create(
                    {"name": "Plan adopté d'office", "state": "adopted", "year_start": 2024, "year_end": 2025}
                )
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.action_cric.with_user(user).write({"state": "done"})
        self.assertEqual(self.plan_cric.state, "diagnosis")
        self.assertEqual(self.action_cric.state, "planned")

    def test_a_plan_past_its_diagnosis_is_never_deleted(self):
        plan = self.as_officer(self.plan_cric)
        plan.action_consultation()
        with self.assertRaises(UserError):
            plan.unlink()
        self.assertTrue(self.plan_cric.exists())

    def test_a_plan_stays_with_its_cri(self):
        with self.assertRaises(UserError):
            self.as_officer(self.plan_cric).write({"company_id": self.company_cai.id})
        self.assertEqual(self.plan_cric.company_id, self.company_cric)

    def test_a_closed_plan_no_longer_changes(self):
        plan = self.as_officer(self.plan_cric).with_context(lang="fr_BE")
        plan.action_consultation()
        self.adopt(plan)
        plan.action_run()
        plan.action_evaluate()
        plan.action_close()
        self.assertFalse(plan.can_edit)
        with self.assertRaisesText(UserError, "clôturé"):
            plan.need_ids.write({"source": "Trop tard"})
        with self.assertRaisesText(UserError, "clôturé"):
            self.env["cri.coordination.priority"].with_user(self.officer).with_context(lang="fr_BE").create(
                {"plan_id": plan.id, "name": "Trop tard", "life_domain": "other"}
            )
        with self.assertRaisesText(UserError, "clôturé"):
            self.action_cric.with_user(self.officer).with_context(lang="fr_BE").action_start()
        self.assertEqual(self.action_cric.state, "planned")

    def test_an_action_runs_then_ends_done_or_abandoned(self):
        action = self.action_cric.with_user(self.officer).with_context(lang="fr_BE")
        with self.assertRaisesText(UserError, "ne peut pas devenir"):
            action.action_done()
        action.action_start()
        self.assertEqual(action.state, "running")
        action.action_done()
        self.assertEqual(action.state, "done")
        with self.assertRaises(UserError):
            action.action_abandon()
        other = action.copy({"name": "Autre action"})
        self.assertEqual(other.state, "planned")
        other.action_abandon()
        self.assertEqual(other.state, "abandoned")

    def test_an_action_answers_a_priority_of_its_own_plan_and_stays_on_its_plan(self):
        action = self.action_cric.with_user(self.officer).with_context(lang="fr_BE")
        other_plan = self.make_plan(self.officer, "Second plan CRIC", self.charleroi)
        with self.assertRaises(ValidationError):
            action.write({"priority_id": other_plan.priority_ids.id})
        with self.assertRaisesText(UserError, "reste là où il a été créé"):
            action.write({"plan_id": other_plan.id})
        self.assertEqual(self.action_cric.plan_id, self.plan_cric)
