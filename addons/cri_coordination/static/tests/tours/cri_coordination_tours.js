/** @odoo-module **/

import { registry } from "@web/core/registry";
import { currentActionStep, loginSteps, noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

/**
 * A coordination officer's day: a new local integration plan with an action and its indicator,
 * then the meeting of its platform that just took place, marked held, its minutes written and sent;
 * and a member organisation reading those minutes in its portal. The names are the test's data;
 * the steps rely on the fields' names and the buttons' methods, never on the wording (French).
 */
const PLAN = "Plan de la visite guidée";
const ACTION = "Permanence logement de la visite";
const INDICATOR = "Ménages accompagnés";
const MEETING = "Réunion de la visite guidée";
const MINUTES = "Les membres ont validé le calendrier de la visite guidée.";

function menuStep(xmlid) {
    return {
        content: `Open the menu ${xmlid}`,
        trigger: `.o_main_navbar [data-menu-xmlid='${xmlid}']`,
        run: "click",
    };
}

function saveSteps() {
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

registry.category("web_tour.tours").add("cri_coordination_officer_tour", {
    steps: () => [
        ...loginSteps("cric-coordination"),
        currentActionStep("cri_coordination.action_cri_coordination_plan"),
        // a new plan of its CRI
        {
            content: "Create a plan",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${PLAN}`,
        },
        ...saveSteps(),
        // an action of the plan, with an indicator
        menuStep("cri_coordination.menu_coordination_action"),
        currentActionStep("cri_coordination.action_cri_coordination_action"),
        {
            content: "Create an action",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${ACTION}`,
        },
        {
            content: "Search the plan",
            trigger: ".o_form_view .o_field_widget[name=plan_id] input",
            run: `edit ${PLAN}`,
        },
        {
            content: "Pick the new plan",
            trigger: `.o_field_widget[name=plan_id] .o-autocomplete--dropdown-item a:contains(${PLAN})`,
            run: "click",
        },
        {
            content: "Add an indicator",
            trigger: ".o_field_widget[name=indicator_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the indicator",
            trigger: ".modal .o_field_widget[name=name] input",
            run: `edit ${INDICATOR}`,
        },
        {
            content: "Its unit",
            trigger: ".modal .o_field_widget[name=unit] input",
            run: "edit ménages",
        },
        {
            content: "Its target",
            trigger: ".modal .o_field_widget[name=target] input",
            run: "edit 40",
        },
        {
            content: "Keep the indicator",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The indicator is in the action",
            trigger: `.o_field_widget[name=indicator_ids] .o_data_row:contains(${INDICATOR})`,
        },
        ...saveSteps(),
        // the platform's meeting that just took place
        menuStep("cri_coordination.menu_coordination_meeting"),
        currentActionStep("cri_coordination.action_cri_coordination_meeting"),
        {
            content: "Open the meeting",
            trigger: `.o_list_view .o_data_row:contains(${MEETING}) td[name=name]`,
            run: "click",
        },
        {
            content: "Mark it held",
            trigger: ".o_form_view button[name=action_held]",
            run: "click",
        },
        {
            content: "It is held",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=held]",
        },
        {
            content: "Open the minutes",
            trigger: ".o_notebook a[name=minutes]",
            run: "click",
        },
        {
            content: "Write the minutes",
            trigger: ".o_field_widget[name=minutes] .odoo-editor-editable",
            run: `editor ${MINUTES}`,
        },
        ...saveSteps(),
        {
            content: "Send them to the attendees",
            trigger: ".o_form_view button[name=action_send_minutes]",
            run: "click",
        },
        {
            content: "They are sent: the chatter shows the message",
            trigger: `.o-mail-Chatter .o-mail-Message:contains(${MEETING})`,
        },
        noErrorStep(),
    ],
});

registry.category("web_tour.tours").add("cri_coordination_member_tour", {
    steps: () => [
        ...loginSteps("portal-fle-cric"),
        {
            content: "Go to the platforms of the portal",
            trigger: ".o_portal_wrap",
            run() {
                window.location.href = "/my/coordination";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open its platform",
            trigger: ".o_coordination_platform a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the meeting held",
            trigger: `.o_coordination_meeting a:contains(${MEETING})`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The minutes are there",
            trigger: `.o_coordination_minutes:contains(${MINUTES})`,
        },
    ],
});
