/** @odoo-module **/
/* global luxon */

import { registry } from "@web/core/registry";

// fr_BE writes dates as dd/mm/yyyy
const DATE_FORMAT = "dd/MM/yyyy";
const daysAgo = (days) => luxon.DateTime.now().minus({ days }).toFormat(DATE_FORMAT);

const PERSON = "Zoé Tourniquet";

function fieldInput(name, root = ".o_form_view") {
    return `${root} .o_field_widget[name=${name}] input`;
}

/** Types into a many2one and picks the suggestion that contains ``label``. */
function pickMany2one(name, search, label = search) {
    return [
        {
            content: `Search ${search} in ${name}`,
            trigger: fieldInput(name),
            run: `edit ${search}`,
        },
        {
            content: `Pick ${label}`,
            trigger: `.o_field_widget[name=${name}] .o-autocomplete--dropdown-item a:contains(${label})`,
            run: "click",
        },
        {
            content: `${name} is ${label}`,
            trigger: `${fieldInput(name)}:value(${label})`,
        },
    ];
}

function setDate(name, value) {
    return [
        {
            content: `Set ${name} to ${value}`,
            trigger: fieldInput(name),
            run: `edit ${value} && press Enter`,
        },
        {
            trigger: `${fieldInput(name)}:value(${value})`,
        },
    ];
}

/** The dialog that asks the day of a step: ``value`` typed in (else today's default), confirmed. */
function confirmStepDate(value) {
    const input = ".modal .o_field_widget[name=date] input";
    return [
        {
            content: "The dialog asks the day of the step",
            trigger: input,
            ...(value ? { run: `edit ${value} && press Enter` } : {}),
        },
        ...(value ? [{ trigger: `${input}:value(${value})` }] : []),
        {
            content: "Confirm the day",
            trigger: ".modal-footer button[name=action_confirm]",
            run: "click",
        },
    ];
}

function saveForm() {
    return [
        {
            content: "Save the record",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The record is saved",
            trigger: ".o_form_view .o_form_renderer.o_form_saved",
        },
    ];
}

/**
 * One present attendance line of ``hours`` hours, ``ago`` days ago; the list then holds
 * ``count`` lines, the new one on top (the list is editable at the top).
 */
function addAttendance(ago, hours, count) {
    const list = ".o_field_widget[name=attendance_ids]";
    const row = `${list} .o_data_row:first-child.o_selected_row`;
    return [
        {
            content: "Add an attendance line",
            trigger: `${list} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `The list holds ${count} lines, the new one being edited`,
            trigger: `${list} .o_data_row:nth-child(${count})`,
        },
        {
            trigger: `${row}`,
        },
        {
            content: "Session date",
            trigger: `${row} .o_field_widget[name=date] input`,
            run: `edit ${daysAgo(ago)}`,
        },
        {
            content: "Session hours",
            trigger: `${row} .o_field_widget[name=hours] input`,
            run: `edit ${hours}`,
        },
    ];
}

/** From the file's module list, opens the module at ``row`` (ordered by type) and checks its type. */
function openModule(row, moduleType) {
    return [
        {
            content: `Open the ${moduleType} module`,
            trigger: `.o_list_view .o_data_row:nth-child(${row}) .o_data_cell[name=module_type]`,
            run: "click",
        },
        {
            trigger: `.o_form_view .o_field_widget[name=module_type] span[raw-value=${moduleType}]`,
        },
    ];
}

function completeModule(expectedState) {
    return [
        {
            content: "Complete the module",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_complete]",
            run: "click",
        },
        {
            content: `The module is ${expectedState}`,
            trigger: `.o_form_view .o_statusbar_status button[data-value=${expectedState}].o_arrow_button_current`,
        },
        {
            content: "Back to the modules of the file",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            trigger: ".o_list_view",
        },
    ];
}

registry.category("web_tour.tours").add("cri_pathway_tour", {
    steps: () => [
        // ---------------------------------------------------------------- referral
        {
            content: "The web client speaks French: open a new file",
            trigger: ".o_kanban_view .o-kanban-button-new:contains(Nouveau)",
            run: "click",
        },
        {
            content: "Type the name of the person sent by the commune",
            trigger: fieldInput("partner_id"),
            run: `edit ${PERSON}`,
        },
        {
            content: "Quick-create the person (French label)",
            trigger: `.o_field_widget[name=partner_id] .o_m2o_dropdown_option_create a:contains(Créer)`,
            run: "click",
        },
        {
            trigger: `${fieldInput("partner_id")}:value(${PERSON})`,
        },
        ...setDate("birthdate", "12/03/1990"),
        ...pickMany2one("nationality_id", "Maroc"),
        ...pickMany2one("commune_id", "Charleroi"),
        {
            content: "The commune routes the file to the CRI of Charleroi",
            trigger: ".o_form_view .o_field_widget[name=center_id]:contains(Charleroi)",
        },
        ...pickMany2one("referral_partner_id", "Ville de Charleroi", "Ville de Charleroi – Population (tour)"),
        {
            content: "Residence permit: A card",
            trigger: ".o_form_view .o_field_widget[name=permit_type] select",
            run: 'select "a_card"',
        },
        ...setDate("permit_date", "03/07/2017"),
        {
            content: "Permit valid 12 months",
            trigger: fieldInput("permit_duration_months"),
            run: "edit 12",
        },
        ...setDate("registration_date", "04/09/2017"),
        ...saveForm(),
        {
            content: "The person is a primo-arrivant: the pathway is mandatory",
            trigger: ".o_form_view .o_field_widget[name=eligibility] span[raw-value=mandatory]",
        },
        {
            content: "The 2016 regime applies",
            trigger: ".o_form_view .o_field_widget[name=regime_id]:contains(2016)",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value=referral].o_arrow_button_current",
        },
        // ---------------------------------------------------------------- reception
        {
            content: "The person presented at the CRI ten days ago",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ask_reception_date]",
            run: "click",
        },
        ...confirmStepDate(daysAgo(10)),
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value=reception].o_arrow_button_current",
        },
        {
            content: "Open the reception tab",
            trigger: ".o_form_view .o_notebook a[name=reception]",
            run: "click",
        },
        ...setDate("rights_info_date", daysAgo(10)),
        ...saveForm(),
        // ---------------------------------------------------------------- convention
        {
            content: "The convention was signed on paper a week ago",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ask_convention_date]",
            run: "click",
        },
        ...confirmStepDate(daysAgo(7)),
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value=convention].o_arrow_button_current",
        },
        {
            content: "The convention creates the three modules",
            trigger: ".o_form_view button[name=action_view_modules] .o_stat_value:contains(3)",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:nth-child(3)",
        },
        // ---------------------------------------------------------------- modules
        // rows follow the module type: citizenship, french, orientation
        ...openModule(1, "citizenship"),
        ...addAttendance(2, 10, 1),
        ...addAttendance(1, 10, 2),
        ...saveForm(),
        {
            content: "20 hours attended",
            trigger: ".o_form_view .o_field_widget[name=attended_hours]:contains(20)",
        },
        ...completeModule("done"),
        ...openModule(3, "orientation"),
        ...addAttendance(1, 4, 1),
        ...saveForm(),
        {
            trigger: ".o_form_view .o_field_widget[name=attended_hours]:contains(4)",
        },
        ...completeModule("done"),
        ...openModule(2, "french"),
        ...pickMany2one("operator_id", "Lire et", "Lire et Écrire Charleroi (tour)"),
        {
            content: "The validation test reaches the target level A2",
            trigger: ".o_form_view .o_field_widget[name=validation_level] select",
            run: 'select "a2"',
        },
        ...saveForm(),
        ...completeModule("early_done"),
        // ---------------------------------------------------------------- certificate
        {
            content: "Back to the file",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            content: "Issue the certificate",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ask_certificate_date]",
            run: "click",
        },
        ...confirmStepDate(),
        {
            content: "The file is closed with its certificate",
            trigger: ".o_form_view .o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
        {
            content: "The certificate was rendered for download without any error",
            trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
        },
        {
            content: "Open the end tab",
            trigger: ".o_form_view .o_notebook a[name=end]",
            run: "click",
        },
        {
            content: "The certificate is numbered",
            trigger: ".o_form_view .o_field_widget[name=certificate_number] span:contains(/)",
        },
    ],
});
