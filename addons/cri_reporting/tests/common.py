from datetime import date

from odoo.tests import new_test_user

from odoo.addons.cri_parcours.tests.common import PathwayCommon

# a year the demo data does not reach: the tests own every file registered in it
YEAR = 2016


class ReportingCommon(PathwayCommon):
    """Pathway files of a past year in two CRIs, and their users, built by each test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_cai = cls._user("rp-manager-cai", "cri_base.group_manager", cls.company_cai)
        cls.region_admin = cls._user(
            "rp-region-admin", "cri_base.group_region_admin", cls.company_cric | cls.company_cai
        )
        cls.Snapshot = cls.env["cri.reporting.snapshot"]
        cls.Table = cls.env["cri.reporting.table"]
        cls.namur_commune = cls.env.ref("cri_base.commune_92094")

    @classmethod
    def _user(cls, login, group, companies):
        return new_test_user(
            cls.env,
            login=login,
            groups=group,
            company_id=companies[0].id,
            company_ids=[(6, 0, companies.ids)],
        )

    @classmethod
    def files(cls, count, when, nationality=None, gender="male", commune=None, **vals):
        """``count`` files registered on ``when``, mandatory by default, in Charleroi (CRIC)."""
        return cls.env["cri.pathway"].concat(
            *(
                cls.make_file(
                    registration_date=when,
                    person=cls.make_person(nationality=nationality, gender=gender),
                    commune_id=(commune or cls.charleroi).id,
                    social_worker_id=None if commune else cls.social_worker.id,
                    **vals,
                )
                for _n in range(count)
            )
        )

    def cells(self, snapshot, table_code):
        """{(row key, col key): line} of a table of a snapshot."""
        return {
            (line.row_key, line.col_key): line
            for line in snapshot.line_ids.filtered(lambda line: line.table_code == table_code)
        }

    @staticmethod
    def month(number):
        return date(YEAR, number, 1)
