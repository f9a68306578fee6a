from collections import Counter, defaultdict
from statistics import mean
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_generator import generator


def age_band(birthdate, on_date):
    """The age band computed in Python, apart from the SQL of the view."""
    if not birthdate or not on_date:
        return "unknown"
    age = relativedelta(on_date, birthdate).years
    for limit, band in ((17, "0_17"), (25, "18_25"), (35, "26_35"), (45, "36_45"), (55, "46_55")):
        if age <= limit:
            return band
    return "56_plus"


def stage_reached(pathway):
    if pathway.certificate_date or pathway.state == "done":
        return "done"
    if pathway.convention_date:
        return "convention"
    if pathway.reception_date:
        return "reception"
    return "referral"


@tagged("post_install", "-at_install")
class TestStatistics(TransactionCase):
    """The statistics against the same figures computed record by record from the files that
    the generator made (and whatever else the database holds)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.created = generator.generate(
            cls.env,
            files=80,
            years=3,
            attendance=400,
            applications=0,
            expenses=0,
            sessions=0,
            registrations=0,
            seed=7,
        )
        cls.env.flush_all()
        cls.files = cls.env["cri.pathway"].search([])
        cls.View = cls.env["cri.reporting.pathway"]

    def grouped(self, model, groupby, aggregates=("__count",)):
        return {
            tuple(value.id if hasattr(value, "id") else value for value in group[: len(groupby)]): (
                group[len(groupby) :] if len(aggregates) > 1 else group[len(groupby)]
            )
            for group in self.env[model]._read_group([], groupby, list(aggregates))
        }

    def test_generator_made_the_files_asked(self):
        self.assertEqual(self.created.get("files"), 80)
        self.assertGreaterEqual(len(self.files), 80)
        self.assertGreater(len(set(self.files.company_id)), 4, "files of most CRIs")

    def test_entries_by_cri_eligibility_and_obligation(self):
        expected = Counter(
            (f.company_id.id, f.eligibility, "mandatory" if f.is_mandatory else "voluntary")
            for f in self.files
        )
        self.assertEqual(
            self.grouped("cri.reporting.pathway", ["company_id", "eligibility", "obligation"]), dict(expected)
        )

    def test_entries_by_commune_nationality_gender_and_age_band(self):
        expected = Counter(
            (f.commune_id.id, f.partner_id.nationality_id.id or False, f.partner_id.gender or False,
             age_band(f.partner_id.birthdate_date, f.registration_date))
            for f in self.files
        )  # fmt: skip
        got = self.grouped("cri.reporting.pathway", ["commune_id", "nationality_id", "gender", "age_band"])
        self.assertEqual(got, dict(expected))
        self.assertGreater(len({key[3] for key in expected}), 2, "several age bands")

    def test_entries_by_month_and_stage_reached(self):
        expected = Counter(
            (f.registration_date.replace(day=1), stage_reached(f), f.state) for f in self.files
        )
        got = self.grouped("cri.reporting.pathway", ["registration_date:month", "stage_reached", "state"])
        self.assertEqual(got, dict(expected))

    def test_completion_rate_and_durations(self):
        by_cri = defaultdict(list)
        for pathway in self.files:
            by_cri[pathway.company_id.id].append(pathway)
        got = self.grouped(
            "cri.reporting.pathway",
            ["company_id"],
            (
                "completion_rate:avg",
                "days_to_reception:avg",
                "days_to_certificate:avg",
                "deadline_missed:count",
            ),
        )
        closed_somewhere = False
        for company_id, files in by_cri.items():
            rate, to_reception, to_certificate, _missed = got[(company_id,)]
            closed = [f for f in files if f.state in ("done", "abandoned", "transferred")]
            if closed:
                closed_somewhere = True
                expected = 100.0 * len([f for f in closed if f.state == "done"]) / len(closed)
                self.assertAlmostEqual(rate, expected, places=6)
            else:
                self.assertFalse(rate)
            received = [(f.reception_date - f.registration_date).days for f in files if f.reception_date]
            certified = [(f.certificate_date - f.registration_date).days for f in files if f.certificate_date]
            self.assertAlmostEqual(to_reception or 0, mean(received) if received else 0, places=6)
            self.assertAlmostEqual(to_certificate or 0, mean(certified) if certified else 0, places=6)
        self.assertTrue(closed_somewhere, "the generated files include closed ones")

    def test_missed_deadlines_and_sanction_steps(self):
        expected = Counter(
            (f.company_id.id, f.deadline_missed, f.sanction_step_id.id or False) for f in self.files
        )
        got = self.grouped("cri.reporting.pathway", ["company_id", "deadline_missed", "sanction_step_id"])
        self.assertEqual(got, dict(expected))
        sanctions = defaultdict(int)
        for sanction in self.env["cri.pathway.sanction"].search([]):
            sanctions[sanction.pathway_id.company_id.id] += 1
        got = self.grouped("cri.reporting.pathway", ["company_id"], ("sanction_count:sum", "__count"))
        for company_id, count in sanctions.items():
            self.assertEqual(got[(company_id,)][0], count)
        self.assertTrue(sanctions, "the generated files include sanction steps")

    def test_hours_per_module_type_are_the_present_attendance(self):
        expected = defaultdict(float)
        lines = self.env["cri.pathway.attendance"].search([("status", "=", "present")])
        self.assertGreater(len(lines), 100)
        for line in lines:
            expected[line.module_id.company_id.id, line.module_id.module_type] += line.hours
        got = self.grouped(
            "cri.reporting.pathway.module", ["company_id", "module_type"], ("attended_hours:sum", "__count")
        )
        for key, hours in expected.items():
            self.assertAlmostEqual(got[key][0], hours, places=2)
        modules = Counter((m.company_id.id, m.module_type) for m in self.env["cri.pathway.module"].search([]))
        self.assertEqual({key: value[1] for key, value in got.items()}, dict(modules))

    def test_exemptions_by_reason(self):
        exemptions = self.env["cri.pathway.exemption"].search([])
        expected = Counter((e.company_id.id, e.reason_id.id, e.is_medical) for e in exemptions)
        got = self.grouped("cri.reporting.pathway.exemption", ["company_id", "reason_id", "is_medical"])
        self.assertEqual(got, dict(expected))

    @staticmethod
    def _orders(names):
        """(lazy, orderby): Odoo's order, then every grouping reversed, then empty values first
        (a lazy read_group orders by its first grouping only)."""
        yield from (
            (True, False),
            (False, False),
            (True, f"{names[0]} desc"),
            (True, f"{names[0]} nulls first"),
        )
        if len(set(names)) == len(names):
            yield False, ", ".join(f"{name} desc" for name in names)
            yield False, ", ".join(f"{name} asc nulls first" for name in names)

    def test_pivot_groups_are_formatted_as_odoo_formats_them(self):
        """The statistics count by id and format each distinct value of a grouping once: the
        groups, their order, labels, ranges and domains are still exactly Odoo's, in French, lazy
        or not, with a domain, in either direction."""
        groupings = [
            ["commune_id", "registration_date:month"],
            ["registration_date:month", "nationality_id"],
            ["age_band", "gender", "registration_year"],
            ["registration_date:week", "sanction_step_id"],
            ["registration_date:year_number", "regime_id", "registration_date:day"],
            ["company_id", "registration_date:quarter", "deadline_missed"],
        ]
        domains = [
            [],
            [("gender", "=", "female")],
            ["|", ("is_exempted", "=", True), ("state", "!=", "done")],
        ]
        for model in ("cri.reporting.pathway", "cri.reporting.pathway.module"):
            View = self.env[model].with_context(lang="fr_BE")
            for groupby in groupings:
                groupby = [group for group in groupby if group.split(":")[0] in View._fields]
                for domain in domains:
                    if any(leaf[0] not in View._fields for leaf in domain if isinstance(leaf, tuple)):
                        continue
                    names = [group.split(":")[0] for group in groupby]
                    for lazy, orderby in self._orders(names):
                        with self.subTest(
                            model=model, groupby=groupby, domain=domain, lazy=lazy, orderby=orderby
                        ):
                            got = View.read_group(domain, ["__count"], groupby, orderby=orderby, lazy=lazy)
                            with (
                                patch.object(type(View), "read_group", models.BaseModel.read_group),
                                patch.object(
                                    type(View), "_read_group_orderby", models.BaseModel._read_group_orderby
                                ),
                                patch.object(
                                    type(View),
                                    "_read_group_format_result",
                                    models.BaseModel._read_group_format_result,
                                ),
                            ):
                                expected = View.read_group(
                                    domain, ["__count"], groupby, orderby=orderby, lazy=lazy
                                )
                            self.assertGreater(len(got), 1)
                            self.assertEqual(got, expected)

    def test_tables_are_the_same_figures(self):
        """A table of the snapshots and exports (one aggregate query) against the files."""
        Table = self.env["cri.reporting.table"]
        companies = self.files.company_id
        first, last = min(self.files.mapped("registration_date")), max(self.files.mapped("registration_date"))
        cells = Table._cells(Table._spec("region_age"), companies, first, last)
        expected = Counter(
            (str(f.company_id.id), age_band(f.partner_id.birthdate_date, f.registration_date))
            for f in self.files
        )
        self.assertEqual({key: value for key, value in cells.counts.items() if value}, dict(expected))
        hours = Table._cells(Table._spec("pathway_hours"), companies[:1], first, last)
        modules = self.env["cri.pathway.module"].search([("company_id", "=", companies[:1].id)])
        by_key = defaultdict(float)
        for module in modules.filtered(lambda m: first <= m.pathway_id.registration_date <= last):
            by_key[module.module_type, module.state] += module.attended_hours
        self.assertEqual(
            {key: round(value, 2) for key, value in hours.values.items()},
            {key: round(value, 2) for key, value in by_key.items()},
        )
