from odoo.tests import tagged

from .common import PathwayCase


@tagged("post_install", "-at_install")
class TestActivityLanguage(PathwayCase):
    def test_the_evaluation_interview_is_scheduled_in_its_social_worker_language(self):
        """Whoever signs the convention (a job runs in English), the social worker reads its
        activity in its own language."""
        self.env["res.lang"]._activate_lang("fr_BE")
        self.social_worker.lang = "fr_BE"
        activity_type = self.env.ref("cri_parcours.mail_activity_type_evaluation")
        pathway = self.to_convention(self.make_file().with_context(lang="en_US"))
        activity = pathway.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, self.social_worker)
        self.assertEqual(activity.summary, activity_type.with_context(lang="fr_BE").summary)
        self.assertNotEqual(activity.summary, activity_type.with_context(lang="en_US").summary)
