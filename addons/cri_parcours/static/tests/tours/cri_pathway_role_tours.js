/** @odoo-module **/
/* global luxon */

import { registry } from "@web/core/registry";

import { currentActionStep, loginSteps, noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

// The tours' records are the test's (persons "... Rôletour"); the steps rely on names and
// classes, never on the wording.

/** From the role's home (a list of pathway files, in the CRI app's menus), the file of ``person``. */
function openFileFromHome(person) {
    return [
        {
            content: "Its home is a list of pathway files, with the pathway menus at hand",
            trigger: ".o_main_navbar [data-menu-xmlid='cri_parcours.menu_cri_pathway_root']",
        },
        {
            content: `Find ${person}`,
            trigger: ".o_list_view .o_searchview_input, .o_control_panel .o_searchview_input",
            run: `edit ${person} && press Enter`,
        },
        {
            content: `Open the file of ${person}`,
            trigger: `.o_data_row:contains(${person}) td.o_data_cell, .o_kanban_record:contains(${person})`,
            run: "click",
        },
    ];
}

/** The dialog that asks the day of a step, confirmed with its default: today. */
function confirmTodayStep() {
    return [
        {
            content: "The dialog proposes today",
            trigger: `.modal .o_field_widget[name=date] input:value(${luxon.DateTime.now().setZone("Europe/Brussels").toFormat("dd/MM/yyyy")})`,
        },
        {
            content: "Confirm the day",
            trigger: ".modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ];
}

// A reception agent receives a newcomer sent by the commune and signs the convention.
registry.category("web_tour.tours").add("cri_pathway_reception_role_tour", {
    steps: () => [
        ...loginSteps("cric-accueil"),
        currentActionStep("cri_parcours.action_cri_pathway_to_receive"),
        ...openFileFromHome("Ismaël Rôletour"),
        {
            content: "Start the reception",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ask_reception_date]",
            run: "click",
        },
        ...confirmTodayStep(),
        {
            content: "The reception has started",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ask_convention_date]",
        },
        {
            content: "Open the reception tab",
            trigger: ".o_notebook a[name=reception]",
            run: "click",
        },
        {
            content: "The rights and duties were explained today",
            trigger: ".o_form_view .o_field_widget[name=rights_info_date] input",
            run: `edit ${luxon.DateTime.now().setZone("Europe/Brussels").toFormat("dd/MM/yyyy")} && press Enter`,
        },
        {
            content: "Sign the convention",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_ask_convention_date]",
            run: "click",
        },
        ...confirmTodayStep(),
        {
            content: "The file is at the convention stage",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=convention]",
        },
        noErrorStep(),
    ],
});

// A social worker holds the evaluation interview of a convention and writes its short report.
registry.category("web_tour.tours").add("cri_pathway_social_role_tour", {
    steps: () => [
        ...loginSteps("cric-social"),
        currentActionStep("cri_parcours.action_cri_pathway_my_files"),
        ...openFileFromHome("Jade Rôletour"),
        {
            content: "Open the convention tab",
            trigger: ".o_notebook a[name=convention]",
            run: "click",
        },
        {
            content: "Add an evaluation interview",
            trigger: ".o_field_widget[name=evaluation_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Write its short report",
            trigger: ".modal .o_field_widget[name=report] textarea",
            run: "edit Cours de français suivis avec assiduité ; recherche de logement en cours.",
        },
        {
            content: "Save the interview",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The interview is in the file",
            trigger: ".o_field_widget[name=evaluation_ids] .o_data_row:contains(recherche de logement)",
        },
        {
            content: "Save the file",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The file is saved",
            trigger: ".o_form_view .o_form_renderer.o_form_saved",
        },
        noErrorStep(),
    ],
});

// An operator (portal) records a session of French of its learner.
registry.category("web_tour.tours").add("cri_pathway_operator_role_tour", {
    steps: () => [
        ...loginSteps("portal-fle-cric"),
        {
            content: "Open the learners",
            trigger: "a[href='/my/learners']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the learner",
            trigger: "a:contains(Karim Rôletour)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The session's date",
            trigger: "input#attendance_date",
            run() {
                this.anchor.value = new Date().toISOString().slice(0, 10);
            },
        },
        {
            content: "Three hours",
            trigger: "input#attendance_hours",
            run: "edit 3",
        },
        {
            content: "Save the session",
            trigger: "form[action$='/attendance'] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The session is recorded",
            trigger: ".alert-success",
        },
    ],
});
