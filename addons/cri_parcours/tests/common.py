from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.cri_base.tools import legal_today


class PathwayCommon:
    """Users of two CRIs (CRIC and CAI), reference records and builders of persons and files.

    Every test builds its own files: nothing here relies on demo data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.center_cric = ref("cri_base.center_cric")
        cls.center_cai = ref("cri_base.center_cai")
        cls.company_cric = cls.center_cric.company_id
        cls.company_cai = cls.center_cai.company_id
        cls.charleroi = ref("cri_base.commune_52011")
        cls.namur = ref("cri_base.commune_92094")
        cls.eupen = ref("cri_base.commune_63023")
        cls.regime_2016 = ref("cri_parcours.regime_2016")
        cls.regime_2018 = ref("cri_parcours.regime_2018")
        cls.regime_2024 = ref("cri_parcours.regime_2024")
        cls.morocco = ref("base.ma")
        cls.syria = ref("base.sy")
        cls.france = ref("base.fr")
        cls.switzerland = ref("base.ch")
        cls.medical = ref("cri_parcours.exemption_medical")

        def user(login, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[(6, 0, companies.ids)],
                tz="Europe/Brussels",
            )

        cls.agent = user("pt-agent-cric", "cri_base.group_reception_agent", cls.company_cric)
        cls.social_worker = user("pt-social-cric", "cri_base.group_social_worker", cls.company_cric)
        cls.manager = user("pt-manager-cric", "cri_base.group_manager", cls.company_cric)
        cls.social_worker_cai = user("pt-social-cai", "cri_base.group_social_worker", cls.company_cai)
        cls.observer = user(
            "pt-observer", "cri_base.group_region_observer", cls.company_cric | cls.company_cai
        )
        cls._person_count = 0

    # ------------------------------------------------------------------ builders
    @classmethod
    def make_person(cls, birthdate=date(1990, 5, 10), nationality=None, **vals):
        cls._person_count += 1
        nationality = cls.morocco if nationality is None else nationality
        return cls.env["res.partner"].create(
            {
                "name": vals.pop("name", f"Amina Testperson{cls._person_count}"),
                "birthdate_date": birthdate,
                "nationality_id": nationality.id if nationality else False,
                # letters and chatter messages follow the person's language: tests read English
                "lang": "en_US",
                **vals,
            }
        )

    @classmethod
    def make_file(cls, registration_date=date(2024, 9, 2), person=None, env=None, **vals):
        """A file that is mandatory by default: adult Moroccan national, 12-month permit,
        legally resident for two months on the registration date, in Charleroi (CRIC)."""
        env = env or cls.env
        person = person or cls.make_person()
        values = {
            "partner_id": person.id,
            "commune_id": cls.charleroi.id,
            "registration_date": registration_date,
            "permit_type": "a_card",
            "permit_duration_months": 12,
            "stay_start_date": registration_date - relativedelta(months=2),
            "social_worker_id": cls.social_worker.id,
        }
        values.update(vals)
        # None drops a default, so that the field takes its computed value
        return env["cri.pathway"].create({k: v for k, v in values.items() if v is not None})

    @classmethod
    def to_convention(cls, pathway, convention_date=None):
        """Takes a file from referral to a convention signed on ``convention_date`` (today when
        not given): received (unless it already was) and informed of its rights that day."""
        day = convention_date or pathway.convention_date or legal_today()
        pathway.action_start_reception(pathway.reception_date or day)
        pathway.write({"rights_info_date": pathway.reception_date})
        pathway.action_sign_convention(day)
        return pathway

    @staticmethod
    def module(pathway, kind):
        return pathway.module_ids.filtered(lambda m: m.module_type == kind)

    @classmethod
    def deadline(cls, pathway, kind):
        """Deadline of the ``kind`` module of a file (from its regime's line)."""
        return cls.module(pathway, kind).deadline

    @classmethod
    def module_lines(cls, hours=(100, 10, 2), months=(12, 6, 12)):
        """Commands creating the three module lines of a regime: French, citizenship, orientation."""
        return [
            Command.create(
                {
                    "module_type_id": cls.env.ref(f"cri_parcours.module_type_{code}").id,
                    "hours": h,
                    "deadline_months": m,
                }
            )
            for code, h, m in zip(("french", "citizenship", "orientation"), hours, months, strict=True)
        ]

    @classmethod
    def attend(cls, module, hours, start=date(2025, 1, 1)):
        """Present sessions of at most 12 h on consecutive days until ``hours`` are reached."""
        vals, day = [], start
        while hours > 0:
            session = min(12, hours)
            vals.append({"module_id": module.id, "date": day, "hours": session})
            hours -= session
            day += relativedelta(days=1)
        return cls.env["cri.pathway.attendance"].create(vals)

    def messages(self, pathway):
        return self.env["mail.message"].search(
            [("model", "=", "cri.pathway"), ("res_id", "=", pathway.id)], order="id desc"
        )

    def flush_tracking(self):
        self.env.flush_all()
        self.env.cr.flush()


class PathwayCase(PathwayCommon, TransactionCase):
    pass


class PathwayHttpCase(PathwayCommon, HttpCase):
    """For PDF rendering: wkhtmltopdf fetches the report assets from the test server, which
    serves requests only while the registry is in test mode (HttpCase)."""
