/** @odoo-module **/

/**
 * The steps of a person logging in on the login page (demo passwords equal the logins): every
 * role's tour starts there, as its working day does. The steps rely on the fields' names, never
 * on the wording.
 */
export function loginSteps(login, password = login) {
    return [
        {
            content: `${login} types its login`,
            trigger: "form.oe_login_form input#login",
            run: `edit ${login}`,
        },
        {
            content: "and its password",
            trigger: "form.oe_login_form input#password",
            run: `edit ${password}`,
        },
        {
            content: "and logs in",
            trigger: "form.oe_login_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            // the web client loads the home, then shows the menus of the home's app: a menu
            // clicked before is taken over by the home still loading
            content: "Its home is open and settled: a view with its app's menus, or its portal",
            trigger:
                "body:has(.o_main_navbar .o_menu_brand) .o_action_manager > .o_action .o_control_panel, .o_portal_wrap",
        },
    ];
}

/**
 * The web client shows the window action ``xmlid``: the role's home, or the page a menu opened.
 * A menu's page replaces the one before once it is rendered: the step waits for it (10 s).
 */
export function currentActionStep(xmlid) {
    const current = () => odoo.__WOWL_DEBUG__.root.env.services.action.currentController?.action;
    return {
        content: `The page is ${xmlid}`,
        trigger: "body:has(.o_main_navbar .o_menu_brand) .o_action_manager > .o_action .o_control_panel",
        async run() {
            for (let tries = 0; tries < 100 && current()?.xml_id !== xmlid; tries++) {
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            if (current()?.xml_id !== xmlid) {
                throw new Error(`The page is ${current()?.xml_id || current()?.id}, not ${xmlid}`);
            }
        },
    };
}

/**
 * Opens the app ``xmlid`` from the apps menu, as the user would, and waits for the page of the
 * app: a menu of the app clicked before is taken over by that page still loading.
 */
export function openAppSteps(xmlid) {
    const services = () => odoo.__WOWL_DEBUG__.root.env.services;
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_main_navbar .o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: `Open the app ${xmlid}`,
            trigger: `.o-dropdown--menu .o_app[data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
        {
            content: `The page of the app ${xmlid} is shown`,
            trigger: `.o_main_navbar .o_menu_brand[data-menu-xmlid='${xmlid}']`,
            async run() {
                const shown = () =>
                    services().action.currentController?.action.id === services().menu.getCurrentApp()?.actionID;
                for (let tries = 0; tries < 100 && !shown(); tries++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                if (!shown()) {
                    throw new Error(`The page of the app ${xmlid} is not shown`);
                }
            },
        },
    ];
}

/** The web client is up, without any error. */
export function noErrorStep() {
    return {
        content: "Without any error",
        trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
    };
}

/** Go to ``url`` of the web client, as a bookmark of the user's would. */
export function goToSteps(url) {
    return [
        {
            content: `Open ${url}`,
            trigger: ".o_main_navbar",
            run() {
                window.location.href = url;
            },
            expectUnloadPage: true,
        },
        {
            trigger: ".o_action_manager .o_view_controller",
        },
    ];
}
