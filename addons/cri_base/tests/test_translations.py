from odoo.tests import HttpCase, new_test_user, tagged

# mail's sentences that a portal chatter shows, with Odoo's French
CHATTER_FRENCH = {
    "The conversation is empty.": "La conversation est vide.",
    "Today at %(time)s": "Aujourd'hui à %(time)s",
    "Yesterday at %(time)s": "Hier à %(time)s",
    "Attach files": "Joindre des fichiers",
    "(edited)": "(modifié)",
}


@tagged("post_install", "-at_install")
class TestChatterSpeaksFrench(HttpCase):
    """The chatter of a portal page reads mail's sentences in French, as the back-end's does."""

    def _terms(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["lang"], "fr_BE")
        terms = {}
        for module in body["modules"].values():
            terms.update({message["id"]: message["string"] for message in module["messages"]})
        return terms

    def test_the_portal_pages_get_the_french_of_the_chatter(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        portal = new_test_user(
            self.env, login="translations-portal", groups="base.group_portal", lang="fr_BE"
        )
        self.assertIn("mail", self.env["ir.http"]._get_translation_frontend_modules_name())
        self.authenticate(portal.login, portal.login)
        terms = self._terms("/website/translations/cri?lang=fr_BE")
        for english, french in CHATTER_FRENCH.items():
            self.assertEqual(terms.get(english), french, f"{english!r} in the portal")

    def test_the_back_end_gets_the_french_of_the_chatter(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        terms = self._terms("/web/webclient/translations/cri?lang=fr_BE")
        for english, french in CHATTER_FRENCH.items():
            self.assertEqual(terms.get(english), french, f"{english!r} in the back-end")
