from datetime import date, datetime

from lxml import etree

from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_base.tools import amount_text, date_text, datetime_text, hours_text, number_text

NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestBelgianFormats(TransactionCase):
    """Amounts, hours and dates read as a Belgian French reader reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_BE")
        cls.fr = cls.env(context=dict(cls.env.context, lang="fr_BE"))
        cls.euro = cls.env.ref("base.EUR")

    def test_the_suite_s_french_puts_a_space_between_thousands(self):
        lang = self.env["res.lang"]._lang_get("fr_BE")
        self.assertEqual((lang.thousands_sep, lang.decimal_point, lang.date_format), (NBSP, ",", "%d/%m/%Y"))
        self.assertEqual(self.euro.with_env(self.fr).format(1250.5), f"1{NBSP}250,50{NBSP}€")

    def test_amounts(self):
        self.assertEqual(amount_text(self.fr, 1250.5, self.euro), f"1{NBSP}250,50{NBSP}€")
        self.assertEqual(amount_text(self.fr, 0, self.euro), f"0,00{NBSP}€")
        self.assertEqual(amount_text(self.env, 1250.5, self.euro, lang_code="fr_BE"), f"1{NBSP}250,50{NBSP}€")
        self.assertNotIn("1.250", amount_text(self.fr, 1250.5, self.euro))

    def test_hours_without_useless_decimals(self):
        self.assertEqual(hours_text(self.fr, 60.0), "60 h")
        self.assertEqual(hours_text(self.fr, 2.5), "2,5 h")
        self.assertEqual(hours_text(self.fr, 1.25), "1,25 h")
        self.assertEqual(hours_text(self.fr, 1250), f"1{NBSP}250 h")
        self.assertEqual(hours_text(self.env, 2.5, lang_code="fr_BE"), "2,5 h")
        self.assertEqual(number_text(self.fr, 87.5), "87,5")
        self.assertEqual(number_text(self.fr, 100.0), "100")

    def test_dates(self):
        self.assertEqual(date_text(self.fr, date(2027, 3, 1)), "01/03/2027")
        self.assertEqual(date_text(self.env, date(2027, 3, 1), lang_code="fr_BE"), "01/03/2027")
        self.assertEqual(date_text(self.fr, False), "")
        # 8:00 UTC is 9:00 in Brussels in winter, whatever the caller's time zone
        moment = datetime(2027, 3, 1, 8, 0)
        self.assertEqual(
            datetime_text(self.fr(context=dict(self.fr.context, tz="America/New_York")), moment),
            "01/03/2027 09:00",
        )
        self.assertEqual(datetime_text(self.fr, moment, tz="UTC"), "01/03/2027 08:00")

    def test_the_pages_print_hours_with_the_suite_s_widgets(self):
        def render(hours, rate):
            template = etree.fromstring(
                """<div><span t-out="hours" t-options="{'widget': 'cri_hours'}"/>|"""
                """<span t-out="rate" t-options="{'widget': 'cri_number'}"/></div>"""
            )
            html = str(self.fr["ir.qweb"]._render(template, {"hours": hours, "rate": rate}))
            return [node.text for node in etree.fromstring(html).iter("span")]

        self.assertEqual(render(2.5, 87.5), ["2,5 h", "87,5"])
        self.assertEqual(render(60.0, 100.0), ["60 h", "100"])
