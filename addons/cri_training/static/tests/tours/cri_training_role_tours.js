/** @odoo-module **/

import { registry } from "@web/core/registry";

import { currentActionStep, loginSteps, noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

import { markAttendanceSteps } from "@cri_training/../tests/tours/cri_training_attendance_tour";
import { registerStaffSteps } from "@cri_training/../tests/tours/cri_training_portal_register_tour";

// Each role of the trainings walks its main job from the login page, as its demo user, in
// French. The sessions and the people ("... Rôleformation") are the test's; the steps rely on
// names and classes, never on the wording.

/** Opens a menu of the trainings, as the user would, and waits for its page. */
function openMenu(menu, action) {
    return [
        {
            content: "Open the trainings",
            trigger: ".o_main_navbar [data-menu-xmlid='cri_training.menu_cri_training_root']",
            run: "click",
        },
        {
            trigger: `[data-menu-xmlid='cri_training.${menu}']`,
            run: "click",
        },
        currentActionStep(`cri_training.${action}`),
    ];
}

function openSessionSteps(session) {
    return [
        {
            content: "Show the sessions as a list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: `Open ${session}`,
            trigger: `.o_list_view .o_data_row:contains(${session}) td.o_data_cell[name=name]`,
            run: "click",
        },
        {
            content: "The session is open",
            trigger: `.o_action_manager:has(.o_form_view) .o_breadcrumb:contains(${session})`,
        },
    ];
}

// The CRIC's training officer, from its home (its CRI's sessions): a participant withdraws from a
// full session; cancelling the registration gives the seat to the first of the waiting list.
registry.category("web_tour.tours").add("cri_training_officer_role_tour", {
    steps: () => [
        ...loginSteps("cric-formation"),
        currentActionStep("cri_training.action_cri_training_session"),
        ...openSessionSteps("Session pleine Rôleformation"),
        {
            content: "Open the session's attendees",
            trigger: ".o-form-buttonbox button.oe_stat_button:has(.o_field_widget[name=seats_taken])",
            run: "click",
        },
        {
            content: "The participant who waits holds no seat yet",
            trigger: ".o_list_view:has(.o_data_row:contains(Léon Rôleformation)):not(:has(.o_data_row:contains(Zoé Rôleformation)))",
        },
        {
            content: "Léon withdraws: cancel the registration",
            trigger: ".o_list_view .o_data_row:contains(Léon Rôleformation) button[name=action_cancel]",
            run: "click",
        },
        {
            content: "Zoé takes the seat Léon freed",
            trigger: ".o_list_view:has(.o_data_row:contains(Zoé Rôleformation)):not(:has(.o_data_row:contains(Léon Rôleformation)))",
        },
        noErrorStep(),
    ],
});

// The CRIC's trainer: opens its next session from its home (its own sessions), sees its
// participants, marks the attendance of its day from the session's form, then prints the
// certificate earned from the Certificates menu.
registry.category("web_tour.tours").add("cri_training_trainer_role_tour", {
    steps: () => [
        ...loginSteps("cric-formateur"),
        currentActionStep("cri_training.action_cri_training_my_sessions"),
        {
            content: "Open the next session",
            trigger: ".o_list_view .o_data_row:contains(Session prochaine Rôleformation) td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Its participants are counted",
            trigger: ".o-form-buttonbox button.o_cri_participants .o_stat_value:contains(2)",
        },
        {
            content: "Show its participants",
            trigger: ".o_notebook .nav-link[name=cri_participants]",
            run: "click",
        },
        ...["Inès Rôleformation", "Jules Rôleformation"].map((participant) => ({
            content: `${participant} is a participant, with the state of the registration`,
            trigger: `.o_field_widget[name=registration_ids] .o_data_row:contains(${participant}) .o_field_widget[name=state]`,
        })),
        {
            content: "Show its days",
            trigger: ".o_notebook .nav-link[name=cri_days]",
            run: "click",
        },
        {
            content: "The day reads as a French date (dd/mm/yyyy)",
            trigger: ".o_field_widget[name=cri_slot_ids] .o_data_row td.o_data_cell[name=date]",
            run() {
                const text = this.anchor.textContent.trim();
                if (!/^\d{2}\/\d{2}\/\d{4}$/.test(text)) {
                    throw new Error(`The day reads "${text}", not as a French date`);
                }
            },
        },
        {
            content: "Mark the attendance of the day",
            trigger: ".o_field_widget[name=cri_slot_ids] .o_data_row button.o_cri_mark_attendance",
            run: "click",
        },
        {
            content: "The day's attendance is open, one line a participant",
            trigger: ".o_list_view:has(.o_data_row:contains(Inès Rôleformation)):has(.o_data_row:contains(Jules Rôleformation))",
        },
        {
            content: "Its lines name the day as a French date",
            trigger: ".o_list_view .o_data_row td.o_data_cell[name=slot_id]",
            run() {
                const text = this.anchor.textContent.trim();
                if (!/^\d{2}\/\d{2}\/\d{4} – \S/.test(text)) {
                    throw new Error(`The day reads "${text}", not as a French date`);
                }
            },
        },
        ...markAttendanceSteps(
            [
                ["Inès Rôleformation", "present"],
                ["Jules Rôleformation", "absent"],
            ],
            { grouped: false }
        ),
        ...openMenu("menu_cri_training_certificate", "action_cri_training_certificate"),
        {
            content: "Inès, present, earned the certificate: it prints from the list; Jules did not",
            trigger: ".o_list_view:has(.o_data_row:contains(Inès Rôleformation) button.o_cri_print_certificate):not(:has(.o_data_row:contains(Jules Rôleformation)))",
        },
        noErrorStep(),
    ],
});

// An organisation of the CRIC's network (portal): registers two of its staff to an open session.
registry.category("web_tour.tours").add("cri_training_organisation_role_tour", {
    steps: () => [
        ...loginSteps("portal-fle-cric"),
        {
            content: "Open the trainings from the portal's home",
            trigger: ".o_portal_index_card a[href='/my/trainings']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the sessions open for registration",
            trigger: "#training_sessions_link",
            run: "click",
            expectUnloadPage: true,
        },
        ...registerStaffSteps("Session ouverte Rôleformation", ["Mila Rôleformation", "Nael Rôleformation"]),
    ],
});
