from odoo import api, fields, models, tools


class CriPathwayModuleType(models.Model):
    """A kind of module of the pathway (French, citizenship, orientation...): reference data
    shared by the CRIs. Which ones a file follows, with which hours, deadline and target level,
    is said by the lines of its regime, so that a new decree adds a module as data."""

    _name = "cri.pathway.module.type"
    _description = "Pathway Module Type"
    _order = "sequence, id"

    name = fields.Char(string="Module", required=True, translate=True)
    code = fields.Char(required=True, help="Technical name, the same in every language.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "Another module type already uses this code.")]

    @api.model
    def _selection(self):
        """(code, name) of every module type, archived ones included: the choices of the
        module's `module_type` and of the sanctioned deadlines. Read as superuser: the names of
        the modules are public to whoever sees a module (an operator on the portal too)."""
        return list(self._selection_of_lang(self.env.lang or "en_US"))

    @api.model
    @tools.ormcache("lang")
    def _selection_of_lang(self, lang):
        # cached: a list of modules (the portal's, the lists) asks each row's label; the cache
        # is cleared, in every worker, when a module type changes
        types = self.sudo().with_context(active_test=False, lang=lang).search([("code", "!=", False)])
        return tuple((module_type.code, module_type.name) for module_type in types)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        # a name translated from the form's language button does not go through write()
        self.env.registry.clear_cache()
        return super()._update_field_translations(field_name, translations, digest, source_lang)
