from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import YEAR, ReportingCommon

ROW_LEVEL_MODELS = (
    "cri.reporting.pathway",
    "cri.reporting.pathway.module",
    "cri.reporting.pathway.exemption",
)


@tagged("post_install", "-at_install")
class TestAccess(ReportingCommon, RpcMixin, HttpCase):
    """Who reads which figures, tried through the web client's RPC route as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cric_files = cls.files(6, date(YEAR, 1, 10))
        cls.cai_files = cls.files(3, date(YEAR, 1, 11), commune=cls.namur_commune)
        cls.env["cri.pathway.exemption"].create(
            {"pathway_id": cls.cric_files[0].id, "reason_id": cls.medical.id, "date": date(YEAR, 1, 15)}
        )
        cls.snapshots = cls.env["cri.reporting.snapshot"]._take_month(date(YEAR, 1, 1))
        cls.cric_snapshot = cls.snapshots.filtered(lambda s: s.company_id == cls.company_cric)
        cls.cai_snapshot = cls.snapshots.filtered(lambda s: s.company_id == cls.company_cai)
        cls.region_snapshot = cls.snapshots.filtered(lambda s: s.scope == "region")
        cls.portal = new_test_user(cls.env, login="rp-portal", groups="base.group_portal")

    def test_region_observer_reads_aggregates_only(self):
        for model in ROW_LEVEL_MODELS:
            self.assertRefused(
                self.call_kw("pt-observer", model, "search_read", [[]], {"fields": ["gender"]})
            )
            self.assertRefused(
                self.call_kw("pt-observer", model, "read_group", [[], ["company_id"], ["company_id"]])
            )
        self.assertRefused(
            self.call_kw("pt-observer", "cri.pathway", "search_read", [[]], {"fields": ["name"]})
        )
        lines, error = self.call_kw(
            "pt-observer",
            "cri.reporting.snapshot.line",
            "search_read",
            [[("snapshot_id", "=", self.region_snapshot.id)]],
            {"fields": ["row_label", "col_label", "published_value", "hidden", "display_value"]},
        )
        self.assertIsNone(error)
        self.assertTrue(lines)
        self.assertIn("<5", {line["display_value"] for line in lines})
        # the exact figures and which cells are small are not theirs, however asked
        line_id = lines[0]["id"]
        for field in ("value", "people_count", "primary"):
            self.assertRefused(
                self.call_kw("pt-observer", "cri.reporting.snapshot.line", "read", [[line_id], [field]])
            )
            self.assertRefused(
                self.call_kw(
                    "pt-observer",
                    "cri.reporting.snapshot.line",
                    "read_group",
                    [[], [f"{field}:sum"], ["table_code"]],
                )
            )
            self.assertRefused(
                self.call_kw("pt-observer", "cri.reporting.snapshot.line", "search", [[(field, "=", 1)]])
            )

    def test_manager_reads_exact_figures_of_their_cri_only(self):
        groups, error = self.call_kw(
            "pt-manager-cric", "cri.reporting.pathway", "read_group", [[], ["company_id"], ["company_id"]]
        )
        self.assertIsNone(error)
        self.assertEqual({group["company_id"][0] for group in groups}, {self.company_cric.id})
        # guessing the id of another CRI's row
        cai_row = self.cai_files[0].id
        self.assertRefused(
            self.call_kw("pt-manager-cric", "cri.reporting.pathway", "read", [[cai_row], ["gender"]])
        )
        found, _error = self.call_kw(
            "pt-manager-cric", "cri.reporting.pathway", "search", [[("id", "=", cai_row)]]
        )
        self.assertEqual(found, [])
        lines, error = self.call_kw(
            "pt-manager-cric",
            "cri.reporting.snapshot.line",
            "search_read",
            [[]],
            {"fields": ["company_id", "value", "primary"]},
        )
        self.assertIsNone(error)
        self.assertEqual({line["company_id"][0] for line in lines}, {self.company_cric.id})
        for snapshot in (self.cai_snapshot, self.region_snapshot):
            self.assertRefused(
                self.call_kw("pt-manager-cric", "cri.reporting.snapshot", "read", [snapshot.ids, ["name"]])
            )

    def test_medical_reasons_are_not_for_the_reception_desk(self):
        self.assertRefused(
            self.call_kw(
                "pt-agent-cric",
                "cri.reporting.pathway.exemption",
                "search_read",
                [[]],
                {"fields": ["reason_id"]},
            )
        )
        groups, error = self.call_kw(
            "pt-social-cric",
            "cri.reporting.pathway.exemption",
            "read_group",
            [[], ["reason_id"], ["reason_id"]],
        )
        self.assertIsNone(error)
        self.assertEqual(groups[0]["reason_id"][0], self.medical.id)

    def test_nobody_writes_a_snapshot_through_rpc(self):
        for login in ("pt-manager-cric", "pt-observer", "rp-region-admin"):
            snapshot = self.region_snapshot if login != "pt-manager-cric" else self.cric_snapshot
            self.assertRefused(
                self.call_kw(
                    login, "cri.reporting.snapshot", "write", [snapshot.ids, {"state": "superseded"}]
                )
            )
            self.assertRefused(self.call_kw(login, "cri.reporting.snapshot", "unlink", [snapshot.ids]))
            self.assertRefused(
                self.call_kw(
                    login,
                    "cri.reporting.snapshot.line",
                    "write",
                    [snapshot.line_ids[:1].ids, {"published_value": 1}],
                )
            )
            self.assertRefused(
                self.call_kw(
                    login,
                    "cri.reporting.snapshot",
                    "create",
                    [
                        {
                            "scope": "region",
                            "period": "2016-05-01",
                            "date_from": "2016-01-01",
                            "date_to": "2016-05-31",
                        }
                    ],
                )
            )
            self.assertRefused(self.call_kw(login, "cri.reporting.snapshot", "_take_month", ["2016-02-01"]))
        self.assertEqual(self.cric_snapshot.state, "current")

    def test_portal_user_reads_no_statistics(self):
        for model in (*ROW_LEVEL_MODELS, "cri.reporting.snapshot", "cri.reporting.snapshot.line"):
            self.assertRefused(self.call_kw("rp-portal", model, "search_read", [[]], {"fields": ["id"]}))
        self.assertRefused(
            self.call_kw("rp-portal", "cri.reporting.export", "create", [{"kind": "region", "year": YEAR}])
        )

    def test_region_tables_download_for_the_observer_and_not_the_cri_tables(self):
        Export = self.env["cri.reporting.export"]
        region = Export.with_user(self.observer).create({"kind": "region", "year": YEAR})
        self.authenticate("pt-observer", "pt-observer")
        response = self.url_open(f"/report/xlsx/cri_reporting.tables_xlsx/{region.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"), "an XLSX file")
        exact = Export.with_user(self.observer).create(
            {"kind": "cri", "year": YEAR, "company_id": self.company_cric.id}
        )
        with mute_logger("odoo.http"):
            response = self.url_open(f"/report/xlsx/cri_reporting.tables_xlsx/{exact.id}")
        self.assertFalse(response.content.startswith(b"PK"), "no exact figures for the Region")
        # the export of another CRI's manager cannot be downloaded by guessing its id
        theirs = Export.with_user(self.manager_cai).create({"kind": "cri", "year": YEAR})
        self.authenticate("pt-manager-cric", "pt-manager-cric")
        with mute_logger("odoo.http"):
            response = self.url_open(f"/report/xlsx/cri_reporting.tables_xlsx/{theirs.id}")
        self.assertFalse(response.content.startswith(b"PK"))
        self.assertRefused(
            self.call_kw("pt-manager-cric", "cri.reporting.export", "read", [theirs.ids, ["kind"]])
        )
