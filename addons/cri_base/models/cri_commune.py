import csv
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import file_open

REFERENCE_FILE = "cri_base/data/walloon_communes.csv"

PROVINCE_SELECTION = [
    ("brabant_wallon", "Walloon Brabant"),
    ("hainaut", "Hainaut"),
    ("liege", "Liège"),
    ("luxembourg", "Luxembourg"),
    ("namur", "Namur"),
]
# First two digits of the INS code of each Walloon province (Statbel REFNIS).
PROVINCE_INS_PREFIXES = {
    "brabant_wallon": ("25",),
    "hainaut": ("51", "52", "53", "55", "56", "57", "58"),
    "liege": ("61", "62", "63", "64"),
    "luxembourg": ("81", "82", "83", "84", "85"),
    "namur": ("91", "92", "93"),
}
WALLOON_INS_PREFIXES = {prefix for prefixes in PROVINCE_INS_PREFIXES.values() for prefix in prefixes}
# Province names as written in the reference file.
REFERENCE_PROVINCES = {
    "Brabant wallon": "brabant_wallon",
    "Hainaut": "hainaut",
    "Liège": "liege",
    "Luxembourg": "luxembourg",
    "Namur": "namur",
}
FIVE_DIGITS = re.compile(r"[0-9]{5}")
FOUR_DIGITS = re.compile(r"[0-9]{4}")


class CriCommune(models.Model):
    _name = "cri.commune"
    _description = "Walloon Commune"
    _inherit = ["cri.reference.mixin"]
    _order = "name"
    _rec_names_search = ["name", "ins_code", "postal_codes"]

    ins_code = fields.Char(
        string="INS Code",
        required=True,
        tracking=True,
        help="5-digit NIS/INS (REFNIS) code of the commune, as published by Statbel.",
    )
    name = fields.Char(required=True, tracking=True, help="French name.")
    arrondissement_ins = fields.Char(
        string="Arrondissement INS Code",
        tracking=True,
        help="INS code of the administrative arrondissement, e.g. 52000 for Charleroi.",
    )
    arrondissement_name = fields.Char(string="Arrondissement", tracking=True)
    province = fields.Selection(PROVINCE_SELECTION, tracking=True)
    german_speaking = fields.Boolean(
        string="German-speaking",
        tracking=True,
        help="Commune of the German-language region: the German-speaking Community runs "
        "its own integration pathway there, no Walloon centre is competent.",
    )
    postal_codes = fields.Char(
        tracking=True,
        help="Main 4-digit postal code(s) of the commune, separated by commas, e.g. 4000,4020.",
    )
    center_id = fields.Many2one(
        "cri.center",
        string="Competent Centre",
        ondelete="restrict",
        tracking=True,
        index=True,
        help="Regional Integration Centre competent for the inhabitants of this commune.",
    )
    assignment_evidence = fields.Text(
        groups="cri_base.group_manager",
        help="Where the assignment of the commune to its centre comes from. "
        "Text starting with UNCERTAIN marks a weak assignment.",
    )
    assignment_uncertain = fields.Boolean(
        string="Uncertain Assignment",
        compute="_compute_assignment_uncertain",
        store=True,
        readonly=False,
        help="The assignment of this commune to its centre is not confirmed by a source.",
    )

    _sql_constraints = [
        (
            "ins_code_unique",
            "unique(ins_code)",
            "A commune with this INS code already exists.",
        ),
    ]

    @api.depends("assignment_evidence")
    def _compute_assignment_uncertain(self):
        for commune in self:
            commune.assignment_uncertain = (commune.assignment_evidence or "").startswith("UNCERTAIN")

    @api.constrains("ins_code", "arrondissement_ins", "province")
    def _check_ins_code(self):
        for commune in self:
            code = commune.ins_code or ""
            if not FIVE_DIGITS.fullmatch(code):
                raise ValidationError(
                    self.env._(
                        'The INS code "%(code)s" of %(commune)s must be made of exactly 5 digits.',
                        code=code,
                        commune=commune.name,
                    )
                )
            if code[:2] not in WALLOON_INS_PREFIXES:
                raise ValidationError(
                    self.env._(
                        "The INS code %(code)s of %(commune)s is not a Walloon code. Walloon "
                        "codes start with 25 (Walloon Brabant), 51 to 58 (Hainaut), 61 to 64 "
                        "(Liège), 81 to 85 (Luxembourg) or 91 to 93 (Namur).",
                        code=code,
                        commune=commune.name,
                    )
                )
            arrondissement = commune.arrondissement_ins
            if arrondissement:
                if not FIVE_DIGITS.fullmatch(arrondissement):
                    raise ValidationError(
                        self.env._(
                            'The arrondissement INS code "%(code)s" of %(commune)s must be '
                            "made of exactly 5 digits.",
                            code=arrondissement,
                            commune=commune.name,
                        )
                    )
                if arrondissement[:2] != code[:2]:
                    raise ValidationError(
                        self.env._(
                            "The INS code %(code)s of %(commune)s does not belong to the "
                            "arrondissement %(arrondissement)s: both codes must start with "
                            "the same two digits.",
                            code=code,
                            commune=commune.name,
                            arrondissement=arrondissement,
                        )
                    )
            if commune.province and code[:2] not in PROVINCE_INS_PREFIXES[commune.province]:
                raise ValidationError(
                    self.env._(
                        "The INS code %(code)s of %(commune)s does not belong to the province "
                        "of %(province)s.",
                        code=code,
                        commune=commune.name,
                        province=dict(self._fields["province"]._description_selection(self.env))[
                            commune.province
                        ],
                    )
                )

    @api.constrains("postal_codes")
    def _check_postal_codes(self):
        for commune in self:
            if not commune.postal_codes:
                continue
            for postal_code in commune.postal_codes.split(","):
                if not FOUR_DIGITS.fullmatch(postal_code.strip()):
                    raise ValidationError(
                        self.env._(
                            "The postal codes of %(commune)s must be 4-digit codes separated "
                            'by commas, e.g. 4000,4020; "%(code)s" is not valid.',
                            commune=commune.name,
                            code=postal_code.strip(),
                        )
                    )

    def _get_postal_code_list(self):
        self.ensure_one()
        return [code.strip() for code in (self.postal_codes or "").split(",") if code.strip()]

    def get_competent_center(self):
        """Return the centre that welcomes the newcomers living in this commune."""
        self.ensure_one()
        if self.german_speaking:
            raise UserError(
                self.env._(
                    "%(commune)s belongs to the German-speaking Community: the Walloon "
                    "integration pathway does not apply there. The German-speaking Community "
                    "is competent.",
                    commune=self.name,
                )
            )
        if not self.center_id:
            raise UserError(
                self.env._(
                    "No integration centre is assigned to %(commune)s yet. Ask a CRI manager "
                    "to set the competent centre of this commune.",
                    commune=self.name,
                )
            )
        return self.center_id

    @api.model
    def find_competent_center(self, postal_code=None, ins_code=None):
        """Return the centre competent for a commune given by INS code or postal code."""
        if ins_code:
            ins_code = str(ins_code).strip()
            communes = self.search([("ins_code", "=", ins_code)])
            searched = self.env._("INS code %(code)s", code=ins_code)
        elif postal_code:
            postal_code = str(postal_code).strip()
            candidates = self.search([("postal_codes", "like", postal_code)])
            communes = candidates.filtered(lambda commune: postal_code in commune._get_postal_code_list())
            searched = self.env._("postal code %(code)s", code=postal_code)
        else:
            raise UserError(self.env._("Give a postal code or an INS code to find the competent centre."))
        if not communes:
            raise UserError(self.env._("No Walloon commune matches the %(searched)s.", searched=searched))
        if len(communes) > 1:
            raise UserError(
                self.env._(
                    "Several communes match the %(searched)s: %(communes)s. Choose the commune itself.",
                    searched=searched,
                    communes=", ".join(communes.mapped("name")),
                )
            )
        return communes.get_competent_center()

    @api.model
    def _load_reference_communes(self):
        """Create the communes of the reference file that do not exist yet.

        Existing communes are left untouched so that the changes made by the
        managers survive module updates.
        """
        with file_open(REFERENCE_FILE, "r", filter_ext=(".csv",)) as reference_file:
            rows = list(csv.DictReader(reference_file))
        existing_codes = set(
            self.search([("ins_code", "in", [row["ins_code"] for row in rows])]).mapped("ins_code")
        )
        center_codes = {row["cri_code"] for row in rows if row["cri_code"]}
        centers = {
            center.code: center.id
            for center in self.env["cri.center"].search([("code", "in", list(center_codes))])
        }
        new_rows = [row for row in rows if row["ins_code"] not in existing_codes]
        vals_list = [
            {
                "ins_code": row["ins_code"],
                "name": row["name_fr"],
                "arrondissement_ins": row["arrondissement_ins"],
                "arrondissement_name": row["arrondissement_name"],
                "province": REFERENCE_PROVINCES[row["province"]],
                "german_speaking": row["german_speaking"] == "yes",
                # The file separates several codes with ";", the field with ",".
                "postal_codes": ",".join(
                    code.strip() for code in row["postal_codes"].split(";") if code.strip()
                ),
                "center_id": centers.get(row["cri_code"], False),
                "assignment_evidence": row["cri_evidence"],
            }
            for row in new_rows
        ]
        communes = self.with_context(tracking_disable=True).create(vals_list)
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"cri_base.commune_{commune.ins_code}",
                    "record": commune,
                    "noupdate": True,
                }
                for commune in communes
            ]
        )
        return communes
