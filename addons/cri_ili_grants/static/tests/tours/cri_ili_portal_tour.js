/** @odoo-module **/

import { registry } from "@web/core/registry";

// the call, commune and amounts are the test's data; the steps never rely on the page's
// wording, which is French once translated
const CALL = "Test call";
const PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

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

registry.category("web_tour.tours").add("cri_ili_portal_apply_tour", {
    url: "/my/ili",
    steps: () => [
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
            run: "selectByLabel Charleroi",
        },
        fill("#ili_new_form textarea[name=summary]", "Tables de conversation en soirée"),
        fill("#ili_new_form textarea[name=objectives]", "Trente personnes atteignent le niveau A2"),
        fill("#ili_new_form textarea[name=target_public]", "Primo-arrivants de Charleroi"),
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
