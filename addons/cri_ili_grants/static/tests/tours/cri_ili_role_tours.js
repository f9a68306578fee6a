/** @odoo-module **/

import { registry } from "@web/core/registry";

import { currentActionStep, loginSteps, noErrorStep, openAppSteps } from "@cri_base/../tests/tours/cri_login_steps";

// Each role of the grants walks its main job from the login page, as its demo user, in French.
// The records are the test's or the demo's; the steps rely on names and classes, never on the
// wording.

// the test's call and organisation of the ILI agent's tour; the demo expense of the accountant's
const CALL = "Test call";
const APPLICANT = "ASBL Jardin Rôletour";
const INVOICE = "DEMO-SAL-03";
const PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/** Opens a menu of the grants, as the user would, and waits for its page. */
function openMenu(menu, action) {
    return [
        {
            content: "Open the local integration initiatives",
            trigger: ".o_main_navbar [data-menu-xmlid='cri_ili_grants.menu_cri_ili_root']",
            run: "click",
        },
        {
            trigger: `[data-menu-xmlid='cri_ili_grants.${menu}']`,
            run: "click",
        },
        currentActionStep(`cri_ili_grants.${action}`),
    ];
}

function fill(selector, text) {
    return { content: `Fill ${selector}`, trigger: selector, run: `edit ${text}` };
}

function submitForm(button, content) {
    return { content, trigger: button, run: "click", expectUnloadPage: true };
}

/** Puts a file in a file input, as a user picking it would. */
function pickFile(selector, name) {
    return {
        content: `Pick the file ${name}`,
        trigger: selector,
        run() {
            const transfer = new DataTransfer();
            transfer.items.add(new File([PDF], name, { type: "application/pdf" }));
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
        },
    };
}

// The CAI's ILI agent asks the applicant to complete a submitted application.
registry.category("web_tour.tours").add("cri_ili_agent_role_tour", {
    steps: () => [
        ...loginSteps("cai-ili"),
        // its home is the applications of its CRI
        currentActionStep("cri_ili_grants.action_cri_ili_application"),
        {
            content: `Open the application of ${APPLICANT}`,
            trigger: `.o_kanban_record:contains(${APPLICANT}), .o_data_row:contains(${APPLICANT}) td.o_data_cell`,
            run: "click",
        },
        {
            content: "The application is submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
        {
            content: "Open the completion request tab",
            trigger: ".o_notebook a[name=completion]",
            run: "click",
        },
        {
            content: "Say what the applicant must complete",
            trigger: ".o_form_view .o_field_widget[name=completion_request] textarea",
            run: "edit Joindre le détail des frais de salle et le CV de l'animatrice.",
        },
        {
            content: "Ask for the completion",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_request_completion]",
            run: "click",
        },
        {
            content: "The application awaits its completion",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=completion]",
        },
        {
            content: "The request is in the chatter, for the applicant",
            trigger: ".o-mail-Chatter .o-mail-Message-body:contains(frais de salle)",
        },
        noErrorStep(),
    ],
});

// The CAI's accountant, from its dashboard, opens its review queue and accepts an expense.
registry.category("web_tour.tours").add("cri_ili_accountant_role_tour", {
    steps: () => [
        ...loginSteps("cai-comptable"),
        // its home is its dashboard; its review queue is in the grants' menus of the CRI app
        currentActionStep("cri_base.action_cri_dashboard"),
        ...openAppSteps("cri_base.menu_cri_root"),
        ...openMenu("menu_cri_ili_expense_review", "action_cri_ili_expense_review"),
        {
            content: "Show the expenses to review without grouping them by grant",
            trigger: ".o_searchview_facet:has(.oi-group) .o_facet_remove",
            run: "click",
        },
        {
            content: `Open the expense ${INVOICE}`,
            trigger: `.o_list_view .o_data_row:contains(${INVOICE}) .o_data_cell[name=supplier]`,
            run: "click",
        },
        {
            content: "The expense is to review",
            trigger: ".o_form_view .o_statusbar_status button[data-value=to_review].o_arrow_button_current",
        },
        {
            content: "Accept it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept]",
            run: "click",
        },
        {
            content: "The expense is accepted",
            trigger: ".o_form_view .o_statusbar_status button[data-value=accepted].o_arrow_button_current",
        },
        noErrorStep(),
    ],
});

// An initiative (portal) applies to the open call from its portal.
registry.category("web_tour.tours").add("cri_ili_portal_role_tour", {
    steps: () => [
        ...loginSteps("portal-ili-cai"),
        {
            content: "It lands on its portal: open its applications",
            trigger: ".o_portal_my_home a[href='/my/ili']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Start an application on the open call",
            trigger: `.o_ili_open_call:contains(${CALL}) a.o_ili_new_application`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the first axis of the call",
            trigger: "#ili_new_form select[name=axis_id]",
            run: "selectByIndex 1",
        },
        {
            content: "The main commune of the activities",
            trigger: "#ili_new_form select[name=commune_id]",
            run: "selectByLabel Namur",
        },
        fill("#ili_new_form textarea[name=summary]", "Tables de conversation en soirée"),
        fill("#ili_new_form textarea[name=objectives]", "Trente personnes atteignent le niveau A2"),
        fill("#ili_new_form textarea[name=target_public]", "Primo-arrivants de Namur"),
        fill("#ili_new_form textarea[name=planned_activities]", "Deux soirées par semaine"),
        fill("#ili_new_form input[name=expected_participants]", "30"),
        fill("#ili_new_form input[name=expected_hours]", "60"),
        submitForm("#ili_create", "Create the draft"),
        {
            content: "The draft is created",
            trigger: ".o_ili_state[data-state=draft]",
        },
        {
            content: "A budget line for the trainer",
            trigger: "#ili_budget_form select[name=category]",
            run: "select personnel",
        },
        fill("#ili_budget_form input[name=description]", "Formatrice"),
        fill("#ili_budget_form input[name=amount]", "4500"),
        submitForm("#ili_budget_add", "Add the budget line"),
        {
            content: "The budget line is listed",
            trigger: "#ili_budget .o_ili_budget_line:contains(Formatrice)",
        },
        pickFile("#ili_document_form input[name=upload]", "statuts-tour.pdf"),
        submitForm("#ili_document_add", "Upload the statutes"),
        {
            content: "The document is listed",
            trigger: "#ili_documents .o_ili_document:contains(statuts-tour.pdf)",
        },
        submitForm("#ili_submit", "Submit the application"),
        {
            content: "The application is submitted and no longer editable",
            trigger: ".o_ili_state[data-state=submitted]",
        },
        {
            content: "No error and no edit form left",
            trigger: "body:not(:has(#ili_error, #ili_content_form))",
        },
    ],
});
