from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.cri_training.models.event_event import to_legal


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
        """A session of the test module, by default from 09:00 UTC in 30 days to 16:00 the day
        after, with a day (6 h) on its first day and a morning (3 h) on the next one, if any."""
        start = datetime.combine(date.today() + timedelta(days=30), datetime.min.time()) + timedelta(hours=9)
        begin = vals.pop("date_begin", start)
        end = vals.pop("date_end", begin + timedelta(days=1, hours=7))
        first_day, last_day = to_legal(begin).date(), to_legal(end).date()
        slots = [Command.create({"date": first_day, "period": "day", "hours": 6})]
        if last_day > first_day:
            slots.append(
                Command.create({"date": first_day + timedelta(days=1), "period": "morning", "hours": 3})
            )
        session = cls.env["event.event"].create(
            dict(
                {
                    "name": "Test session",
                    "cri_module_id": cls.module.id,
                    "cri_trainer_id": (trainer or cls.trainer).id,
                    "company_id": (company or cls.company_cric).id,
                    "date_begin": begin,
                    "date_end": end,
                    "seats_limited": True,
                    "seats_max": seats,
                    "cri_slot_ids": slots,
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
