from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user


class TrainingCommon:
    """Two CRIs, a training officer of each, two trainers, a catalogue module and a session of
    two days (6 h + 3 h) with two seats. Nothing relies on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.company_cai = ref("cri_base.center_cai").company_id

        def user(login, groups, company, **kw):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                **kw,
            )

        cls.officer = user("training-officer-cric", "cri_training.group_training_officer", cls.company_cric)
        cls.officer_cai = user("training-officer-cai", "cri_training.group_training_officer", cls.company_cai)
        cls.trainer = user("trainer-one", "cri_base.group_trainer", cls.company_cric)
        cls.trainer_two = user("trainer-two", "cri_base.group_trainer", cls.company_cric)
        cls.observer = user("training-observer", "cri_base.group_region_observer", cls.company_cric)
        cls.module = cls.env["cri.training.module"].create(
            {
                "name": "Test module",
                "theme_id": ref("cri_training.theme_welcome").id,
                "duration_hours": 9,
                "company_ids": [Command.set((cls.company_cric | cls.company_cai).ids)],
            }
        )
        cls.org = cls.env["res.partner"].create({"name": "CPAS Test", "is_company": True})
        cls.people = cls.env["res.partner"].create(
            [
                {"name": f"Practitioner {n}", "parent_id": cls.org.id, "email": f"p{n}@example.com"}
                for n in range(1, 5)
            ]
        )
        cls.course = cls.make_session()

    @classmethod
    def make_session(cls, seats=2, company=None, trainer=None, **vals):
        start = datetime.combine(date.today() + timedelta(days=30), datetime.min.time()) + timedelta(hours=9)
        session = cls.env["event.event"].create(
            dict(
                {
                    "name": "Test session",
                    "cri_module_id": cls.module.id,
                    "cri_trainer_id": (trainer or cls.trainer).id,
                    "company_id": (company or cls.company_cric).id,
                    "date_begin": start,
                    "date_end": start + timedelta(days=1, hours=7),
                    "seats_limited": True,
                    "seats_max": seats,
                    "cri_slot_ids": [
                        Command.create({"date": start.date(), "period": "day", "hours": 6}),
                        Command.create(
                            {"date": start.date() + timedelta(days=1), "period": "morning", "hours": 3}
                        ),
                    ],
                },
                **vals,
            )
        )
        return session

    def register(self, partner, session=None, user=None):
        Registration = (
            self.env["event.registration"].with_user(user) if user else self.env["event.registration"]
        )
        return Registration.create({"event_id": (session or self.course).id, "partner_id": partner.id})


class TrainingCase(TrainingCommon, TransactionCase):
    pass


class TrainingHttpCase(TrainingCommon, HttpCase):
    pass
