from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user

OFFICER = "cri_coordination.group_coordination_officer"


class CoordinationCommon:
    """Two CRIs (CRIC, CAI), a coordination officer of each, the CRIC's manager, reception agent
    and accountant, the Region observer and a portal user, all created the ordinary way with
    their role's groups only and in French; a plan of each CRI with a priority, an action and an
    indicator. Nothing relies on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.company_cai = ref("cri_base.center_cai").company_id
        cls.charleroi = ref("cri_base.commune_52011")
        cls.chatelet = ref("cri_base.commune_52012")
        cls.namur = ref("cri_base.commune_92094")

        def user(login, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
                lang="fr_BE",
                tz="Europe/Brussels",
            )

        cls.officer = user("coord-officer-cric", OFFICER, cls.company_cric)
        cls.officer_cai = user("coord-officer-cai", OFFICER, cls.company_cai)
        cls.manager = user("coord-manager-cric", "cri_base.group_manager", cls.company_cric)
        cls.reception = user("coord-reception-cric", "cri_base.group_reception_agent", cls.company_cric)
        cls.accountant = user("coord-accountant-cric", "cri_base.group_accountant", cls.company_cric)
        cls.observer = user(
            "coord-observer", "cri_base.group_region_observer", cls.company_cric | cls.company_cai
        )
        cls.portal = new_test_user(
            cls.env, login="coord-portal", password="coord-portal", groups="base.group_portal"
        )
        cls.plan_cric = cls.make_plan(cls.officer, "Plan test CRIC", cls.charleroi | cls.chatelet)
        cls.plan_cai = cls.make_plan(cls.officer_cai, "Plan test CAI", cls.namur)
        cls.action_cric = cls.plan_cric.action_ids
        cls.action_cai = cls.plan_cai.action_ids
        cls.indicator_cric = cls.action_cric.indicator_ids
        cls.indicator_cai = cls.action_cai.indicator_ids

    @contextmanager
    def assertRaisesText(self, exception, text):
        """``assertRaises`` (which rolls back what the refused call did) whose message holds ``text``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    @classmethod
    def make_plan(cls, officer, name, communes, year_start=2024, year_end=2029):
        """A plan written by ``officer`` with a need, a priority, a recommendation and an action
        with one indicator."""
        env = cls.env(user=officer)
        plan = env["cri.coordination.plan"].create(
            {
                "name": name,
                "company_id": officer.company_id.id,
                "year_start": year_start,
                "year_end": year_end,
                "commune_ids": [Command.set(communes.ids)],
                "need_ids": [
                    Command.create(
                        {"life_domain": "housing", "commune_id": communes[0].id, "description": "Logement"}
                    )
                ],
                "priority_ids": [Command.create({"name": "Accès au logement", "life_domain": "housing"})],
                "recommendation_ids": [
                    Command.create({"text": "Une permanence", "addressee_level": "commune"})
                ],
            }
        )
        env["cri.coordination.action"].create(
            {
                "name": f"Action de {name}",
                "plan_id": plan.id,
                "priority_id": plan.priority_ids.id,
                "commune_ids": [Command.set(communes[:1].ids)],
                "indicator_ids": [Command.create({"name": "Personnes", "unit": "personnes", "target": 100})],
            }
        )
        return plan.with_env(cls.env)
