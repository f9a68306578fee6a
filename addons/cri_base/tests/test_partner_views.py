from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContactsShowNoSales(TransactionCase):
    """The Contacts app of a CRI's staff shows no salesperson: the suite sells nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "CRI Contacts"})
        cls.staff = {
            xmlid: new_test_user(
                cls.env,
                login=f"contacts_{xmlid.split('.')[1]}",
                groups=xmlid,
                company_id=cls.company.id,
                company_ids=[cls.company.id],
            )
            for xmlid in ("cri_base.group_reception_agent", "cri_base.group_social_worker")
        }

    def _archs(self, user):
        views = (
            self.env["res.partner"]
            .with_user(user)
            .get_views([(False, "list"), (False, "kanban"), (False, "form"), (False, "search")])
        )
        return {kind: etree.fromstring(view["arch"]) for kind, view in views["views"].items()}

    def test_staff_get_no_salesperson_in_contacts(self):
        for xmlid, user in self.staff.items():
            with self.subTest(role=xmlid):
                self.assertFalse(
                    user.has_group("base.group_no_one"), "an ordinary user, no technical features"
                )
                archs = self._archs(user)
                for kind, arch in archs.items():
                    # the form keeps the value, invisible, for the defaults of a new address
                    shown = arch.xpath("//field[@name='user_id'][not(@invisible='True' or @invisible='1')]")
                    self.assertFalse(shown, f"no salesperson in the {kind} view")
                self.assertFalse(
                    archs["list"].xpath("//field[@name='user_id']"), "no Salesperson column at all"
                )
                self.assertFalse(
                    archs["search"].xpath("//filter[@name='salesperson']"), "no group by salesperson"
                )
                self.assertFalse(archs["form"].xpath("//group[@name='sale']"), "no Sales box in the form")
                self.assertTrue(archs["list"].xpath("//field[@name='email']"), "the list itself is there")
