/*
 * Sandbox Link: the built-in sandbox bank's stand-in for Plaid's link-initialize.js.
 * Defines window.Plaid.create({ token, onSuccess, onExit, onEvent, onLoad }) with Plaid Link's
 * handler ({ open, exit, destroy, submit }) and callbacks, talking to /api/sandbox-bank/link/session.
 * Sandbox only: no real bank, no real money. Credentials: user_good / pass_good; a password of
 * error_<CODE> fails with that Plaid error code.
 */
(function () {
  "use strict";
  if (window.Plaid && window.Plaid.__sandbox) return;

  var API = window.location.origin + "/api/sandbox-bank/link/session";
  var CSS = [
    ".spl-backdrop{position:fixed;inset:0;z-index:2147483000;background:rgba(17,24,39,.6);display:flex;align-items:center;justify-content:center;padding:12px;box-sizing:border-box;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;text-align:left}",
    ".spl-backdrop *,.spl-backdrop *::before,.spl-backdrop *::after{box-sizing:border-box}",
    ".spl-dialog{background:#fff;border-radius:12px;width:100%;max-width:400px;max-height:calc(100vh - 24px);max-height:calc(100dvh - 24px);overflow:auto;box-shadow:0 20px 50px rgba(0,0,0,.35);outline:none}",
    ".spl-banner{margin:0;background:#fef3c7;color:#78350f;font-weight:700;font-size:14px;padding:8px 16px;border-bottom:1px solid #f59e0b;text-align:center;border-radius:12px 12px 0 0}",
    ".spl-head{display:flex;align-items:flex-start;justify-content:space-between;gap:8px;padding:16px 16px 0}",
    ".spl-title{font-size:20px;font-weight:700;margin:0;line-height:1.3;outline:none;padding-top:8px}",
    ".spl-backdrop .spl-title:focus-visible{outline:none}",
    ".spl-close{flex:none;width:44px;height:44px;border:0;border-radius:8px;background:transparent;color:#111827;font:28px/1 system-ui,sans-serif;cursor:pointer}",
    ".spl-close:hover{background:#f3f4f6}",
    ".spl-body{padding:8px 16px 20px}",
    ".spl-body p{margin:8px 0 0}",
    ".spl-muted{color:#4b5563;font-size:14px}",
    ".spl-list{list-style:none;margin:12px 0 0;padding:0;display:grid;gap:8px}",
    ".spl-choice{width:100%;min-height:52px;text-align:left;padding:12px 14px;border:1px solid #d1d5db;border-radius:8px;background:#fff;color:#111827;font:inherit;cursor:pointer;display:flex;align-items:center;gap:12px}",
    ".spl-choice:hover{border-color:#111827}",
    ".spl-dot{flex:none;width:28px;height:28px;border-radius:50%;background:#374151;color:#fff;font-size:14px;font-weight:700;display:flex;align-items:center;justify-content:center}",
    ".spl-hint{background:#f3f4f6;border-radius:8px;padding:8px 12px;font-size:14px;margin-top:12px}",
    ".spl-hint code,.spl-alert code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:rgba(0,0,0,.06);padding:0 3px;border-radius:3px}",
    ".spl-field{display:grid;gap:4px;margin-top:12px}",
    ".spl-field label{font-weight:600;font-size:15px}",
    ".spl-input{font:inherit;width:100%;padding:10px 12px;min-height:44px;border:1px solid #6b7280;border-radius:6px;background:#fff;color:#111827}",
    ".spl-alert{margin-top:12px;border:1px solid #dc2626;background:#fef2f2;color:#991b1b;border-radius:8px;padding:8px 12px}",
    ".spl-alert:empty{display:none}",
    ".spl-actions{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;margin-top:16px}",
    ".spl-btn{font:inherit;font-weight:600;min-height:44px;padding:10px 18px;border-radius:6px;border:1px solid #111827;background:#111827;color:#fff;cursor:pointer}",
    ".spl-btn.spl-secondary{background:#fff;color:#111827}",
    ".spl-btn[disabled]{opacity:.6;cursor:progress}",
    ".spl-fieldset{border:0;margin:12px 0 0;padding:0;min-width:0}",
    ".spl-fieldset legend{padding:0;font-weight:600}",
    ".spl-account{display:flex;align-items:center;gap:12px;padding:12px 14px;margin-top:8px;border:1px solid #d1d5db;border-radius:8px;cursor:pointer}",
    ".spl-account input{width:20px;height:20px;margin:0;flex:none}",
    ".spl-account span{display:grid}",
    ".spl-backdrop :focus-visible{outline:3px solid #2563eb;outline-offset:2px}",
    "@media (max-width:420px){.spl-backdrop{padding:0;align-items:stretch}.spl-dialog{max-width:none;max-height:none;height:100%;border-radius:0}.spl-banner{border-radius:0}}"
  ].join("\n");

  var styleInstalled = false;
  function installStyle() {
    if (styleInstalled) return;
    styleInstalled = true;
    // A constructed stylesheet first: it works under a strict style-src; a <style> element otherwise.
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
      return;
    } catch (e) {
      /* older browsers */
    }
    var style = document.createElement("style");
    style.setAttribute("data-sandbox-link", "");
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  var ids = 0;
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (!Object.prototype.hasOwnProperty.call(props, key) || props[key] == null) continue;
        var value = props[key];
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else if (value === true) node.setAttribute(key, "");
        else if (value !== false) node.setAttribute(key, String(value));
      }
    }
    (children || []).forEach(function (child) {
      if (child == null) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function networkError() {
    return {
      error_type: "API_ERROR",
      error_code: "INTERNAL_SERVER_ERROR",
      error_message: "could not reach the sandbox bank",
      display_message: "Something went wrong. Please check your connection and try again.",
      request_id: null
    };
  }

  function post(path, body) {
    return fetch(API + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store"
    }).then(
      function (res) {
        return res.json().then(
          function (data) {
            return { ok: res.ok, data: data };
          },
          function () {
            return { ok: false, data: networkError() };
          }
        );
      },
      function () {
        return { ok: false, data: networkError() };
      }
    );
  }

  function plaidError(data) {
    return {
      error_type: data.error_type,
      error_code: data.error_code,
      error_message: data.error_message,
      display_message: data.display_message == null ? null : data.display_message
    };
  }

  // A throwing callback must not leave Link half-closed: report it without unwinding us.
  function safeCall(fn) {
    if (typeof fn !== "function") return;
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      fn.apply(null, args);
    } catch (err) {
      setTimeout(function () {
        throw err;
      });
    }
  }

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    return "sandbox-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  var EXIT_STATUS = {
    SELECT_INSTITUTION: "institution_not_found",
    CREDENTIAL: "requires_credentials",
    SELECT_ACCOUNT: "requires_account_selection"
  };

  function create(config) {
    config = config || {};
    var s = {
      loaded: false,
      openPending: false,
      open: false,
      destroyed: false,
      session: null,
      sessionError: null,
      linkSessionId: randomId(),
      requestId: null,
      view: null,
      institution: null,
      lastError: null,
      busy: false,
      root: null,
      dialog: null,
      previousFocus: null,
      inerted: [],
      bodyOverflow: ""
    };

    function emit(name, extra) {
      var meta = {
        link_session_id: s.linkSessionId,
        request_id: s.requestId,
        timestamp: new Date().toISOString(),
        view_name: s.view,
        institution_id: s.institution ? s.institution.institution_id : null,
        institution_name: s.institution ? s.institution.name : null,
        institution_search_query: null,
        error_type: null,
        error_code: null,
        error_message: null,
        exit_status: null,
        mfa_type: null,
        selection: null
      };
      for (var k in extra || {}) meta[k] = extra[k];
      safeCall(config.onEvent, name, meta);
    }

    function load() {
      if (!config.token) {
        s.sessionError = {
          error_type: "INVALID_INPUT",
          error_code: "INVALID_LINK_TOKEN",
          error_message: "no link token was provided",
          display_message: "This link has expired. Please go back and try again."
        };
        return Promise.resolve();
      }
      return post("", { link_token: config.token }).then(function (res) {
        s.requestId = res.data && res.data.request_id ? res.data.request_id : null;
        if (res.ok) {
          s.session = res.data;
          s.linkSessionId = res.data.link_session_id || s.linkSessionId;
        } else {
          s.sessionError = plaidError(res.data);
        }
      });
    }

    load().then(function () {
      if (s.destroyed) return;
      s.loaded = true;
      safeCall(config.onLoad);
      if (s.openPending) {
        s.openPending = false;
        show();
      }
    });

    // ---- the dialog ----

    function show() {
      if (s.open || s.destroyed) return;
      installStyle();
      s.open = true;
      s.previousFocus = document.activeElement;
      s.institution = null;
      s.lastError = null;
      var titleId = "spl-title-" + ++ids;
      s.dialog = el("div", { className: "spl-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, tabindex: "-1" });
      s.dialog.setAttribute("data-title-id", titleId);
      s.root = el("div", { className: "spl-backdrop", "data-sandbox-link": "" }, [s.dialog]);
      s.root.addEventListener("keydown", onKeyDown);
      document.body.appendChild(s.root);
      // Everything else on the page is out of reach while Link is open.
      Array.prototype.forEach.call(document.body.children, function (node) {
        if (node !== s.root && !node.hasAttribute("inert")) {
          node.setAttribute("inert", "");
          s.inerted.push(node);
        }
      });
      s.bodyOverflow = document.body.style.overflow;
      document.body.style.overflow = "hidden";
      document.addEventListener("focusin", keepFocusInside, true);
      emit("OPEN");
      if (s.sessionError) renderError(s.sessionError);
      else renderInstitutions();
    }

    function teardown() {
      if (!s.open) return;
      s.open = false;
      document.removeEventListener("focusin", keepFocusInside, true);
      s.inerted.forEach(function (node) {
        node.removeAttribute("inert");
      });
      s.inerted = [];
      document.body.style.overflow = s.bodyOverflow;
      if (s.root && s.root.parentNode) s.root.parentNode.removeChild(s.root);
      s.root = null;
      s.dialog = null;
      var back = s.previousFocus;
      s.previousFocus = null;
      if (back && typeof back.focus === "function" && document.contains(back)) {
        try {
          back.focus();
        } catch (e) {
          /* ignore */
        }
      }
    }

    function focusables() {
      if (!s.dialog) return [];
      return Array.prototype.filter.call(
        s.dialog.querySelectorAll("button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])"),
        function (node) {
          return !node.disabled && node.getClientRects().length > 0;
        }
      );
    }

    function onKeyDown(event) {
      if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        event.stopPropagation();
        finishExit();
        return;
      }
      if (event.key !== "Tab") return;
      var nodes = focusables();
      if (nodes.length === 0) {
        event.preventDefault();
        s.dialog.focus();
        return;
      }
      var first = nodes[0];
      var last = nodes[nodes.length - 1];
      var active = document.activeElement;
      if (event.shiftKey && (active === first || !s.dialog.contains(active) || active === s.dialog || active.id === s.dialog.getAttribute("data-title-id"))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !s.dialog.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    }

    function keepFocusInside(event) {
      if (s.root && !s.root.contains(event.target)) {
        var nodes = focusables();
        (nodes[0] || s.dialog).focus();
      }
    }

    /** Replaces the dialog's content with one step: banner, heading, close button, body. */
    function render(view, title, bodyChildren, focusTarget) {
      s.view = view;
      s.busy = false;
      var titleId = s.dialog.getAttribute("data-title-id");
      var heading = el("h2", { className: "spl-title", id: titleId, tabindex: "-1", text: title });
      var close = el("button", { type: "button", className: "spl-close", "aria-label": "Close", onclick: finishExit }, ["\u00d7"]);
      while (s.dialog.firstChild) s.dialog.removeChild(s.dialog.firstChild);
      s.dialog.appendChild(el("p", { className: "spl-banner", text: "Sandbox \u2014 no real money" }));
      s.dialog.appendChild(el("div", { className: "spl-head" }, [heading, close]));
      s.dialog.appendChild(el("div", { className: "spl-body" }, bodyChildren));
      emit("TRANSITION_VIEW");
      (focusTarget || heading).focus();
    }

    function renderInstitutions() {
      var clientName = s.session && s.session.client_name ? s.session.client_name : "This site";
      var items = (s.session.institutions || []).map(function (ins) {
        var dot = el("span", { className: "spl-dot", "aria-hidden": "true", text: ins.name.charAt(0) });
        if (ins.primary_color) dot.style.background = ins.primary_color;
        return el("li", null, [
          el("button", {
            type: "button",
            className: "spl-choice",
            onclick: function () {
              s.institution = { name: ins.name, institution_id: ins.institution_id };
              emit("SELECT_INSTITUTION");
              renderCredentials();
            }
          }, [dot, el("span", { text: ins.name })])
        ]);
      });
      render("SELECT_INSTITUTION", "Select your bank", [
        el("p", { text: clientName + " uses a sandbox bank to show how linking works. Nothing you enter here reaches a real bank." }),
        el("ul", { className: "spl-list", "aria-label": "Banks" }, items)
      ]);
    }

    function renderCredentials(error) {
      var n = ++ids;
      var user = el("input", { className: "spl-input", id: "spl-user-" + n, name: "username", autocomplete: "off", autocapitalize: "none", spellcheck: "false", required: true });
      var pass = el("input", { className: "spl-input", id: "spl-pass-" + n, name: "password", type: "password", autocomplete: "off", required: true });
      var alert = el("div", { className: "spl-alert", role: "alert" });
      var submitButton = el("button", { type: "submit", className: "spl-btn", text: "Submit" });
      var form = el("form", {
        novalidate: true,
        onsubmit: function (event) {
          event.preventDefault();
          if (s.busy) return;
          if (!user.value || !pass.value) {
            alert.textContent = "Enter a username and a password.";
            (user.value ? pass : user).focus();
            return;
          }
          s.busy = true;
          submitButton.disabled = true;
          submitButton.textContent = "Connecting\u2026";
          form.setAttribute("aria-busy", "true");
          emit("SUBMIT_CREDENTIALS");
          var view = s.dialog;
          post("/credentials", {
            link_token: config.token,
            link_session_id: s.linkSessionId,
            institution_id: s.institution.institution_id,
            username: user.value,
            password: pass.value
          }).then(function (res) {
            if (!s.open || s.dialog !== view || s.view !== "CREDENTIAL") return; // closed meanwhile
            s.requestId = res.data && res.data.request_id ? res.data.request_id : s.requestId;
            if (res.ok) {
              s.lastError = null;
              renderAccounts(res.data);
              return;
            }
            var err = plaidError(res.data);
            s.lastError = err;
            emit("ERROR", { error_type: err.error_type, error_code: err.error_code, error_message: err.error_message });
            s.busy = false;
            submitButton.disabled = false;
            submitButton.textContent = "Submit";
            form.removeAttribute("aria-busy");
            showError(alert, err);
            pass.value = "";
            pass.focus();
          });
        }
      }, [
        el("div", { className: "spl-field" }, [el("label", { for: user.id, text: "Username" }), user]),
        el("div", { className: "spl-field" }, [el("label", { for: pass.id, text: "Password" }), pass]),
        alert,
        el("div", { className: "spl-actions" }, [
          el("button", { type: "button", className: "spl-btn spl-secondary", text: "Back", onclick: renderInstitutions }),
          submitButton
        ])
      ]);
      render("CREDENTIAL", "Log in to " + s.institution.name, [
        el("p", { className: "spl-hint" }, [
          "Sandbox login: username ", el("code", { text: "user_good" }), ", password ", el("code", { text: "pass_good" }),
          ". A password of ", el("code", { text: "error_<CODE>" }), " (for example ", el("code", { text: "error_INSTITUTION_DOWN" }), ") fails with that Plaid error."
        ]),
        form
      ], user);
      if (error) showError(alert, error);
    }

    function showError(alert, err) {
      alert.textContent = "";
      alert.appendChild(el("strong", { text: err.display_message || humanize(err.error_message) || "Something went wrong. Please try again." }));
      alert.appendChild(el("br"));
      alert.appendChild(el("span", { className: "spl-muted" }, ["Error code: ", el("code", { text: err.error_code || "UNKNOWN" })]));
    }

    function humanize(message) {
      if (!message) return "";
      return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? "" : ".");
    }

    function renderAccounts(result) {
      s.institution = result.institution;
      var accounts = result.accounts || [];
      var n = ++ids;
      var options = accounts.map(function (account, i) {
        var input = el("input", { type: "radio", name: "spl-account-" + n, value: account.id, checked: i === 0 });
        var label = (account.subtype ? account.subtype.charAt(0).toUpperCase() + account.subtype.slice(1) : "Account") + " \u2022\u2022\u2022\u2022 " + (account.mask || "");
        return el("label", { className: "spl-account" }, [input, el("span", null, [el("strong", { text: account.name }), el("span", { className: "spl-muted", text: label })])]);
      });
      var continueButton = el("button", { type: "submit", className: "spl-btn", text: "Continue" });
      var form = el("form", {
        onsubmit: function (event) {
          event.preventDefault();
          var checked = form.querySelector("input[type=radio]:checked");
          var chosen = accounts.filter(function (a) {
            return checked && a.id === checked.value;
          })[0];
          if (chosen) finishSuccess(result.public_token, chosen);
        }
      }, [
        el("fieldset", { className: "spl-fieldset" }, [el("legend", { text: "Accounts at " + result.institution.name }), el("div", null, options)]),
        el("div", { className: "spl-actions" }, [continueButton])
      ]);
      render("SELECT_ACCOUNT", "Select an account", [el("p", { text: "Choose the account the payment should go to." }), form], options[0] ? options[0].querySelector("input") : continueButton);
    }

    function renderError(err) {
      s.lastError = err;
      render("ERROR", "Something went wrong", [
        el("p", { text: err.display_message || humanize(err.error_message) }),
        el("p", { className: "spl-muted" }, ["Error code: ", el("code", { text: err.error_code })]),
        el("div", { className: "spl-actions" }, [el("button", { type: "button", className: "spl-btn", text: "Exit", onclick: finishExit })])
      ]);
    }

    function finishSuccess(publicToken, account) {
      var institution = { name: s.institution.name, institution_id: s.institution.institution_id };
      var metadata = {
        institution: institution,
        accounts: [{ id: account.id, name: account.name, mask: account.mask, type: account.type, subtype: account.subtype, verification_status: null }],
        link_session_id: s.linkSessionId,
        transfer_status: null
      };
      teardown();
      safeCall(config.onSuccess, publicToken, metadata);
      emit("HANDOFF", { view_name: null });
    }

    function finishExit() {
      if (!s.open) return;
      var status = EXIT_STATUS[s.view] || null;
      var metadata = {
        institution: s.institution ? { name: s.institution.name, institution_id: s.institution.institution_id } : null,
        status: status,
        link_session_id: s.linkSessionId,
        request_id: s.requestId
      };
      var error = s.lastError;
      teardown();
      safeCall(config.onExit, error, metadata);
      emit("EXIT", { exit_status: status, view_name: null });
    }

    return {
      open: function () {
        if (s.destroyed || s.open) return;
        if (!s.loaded) s.openPending = true;
        else show();
      },
      exit: function () {
        // Plaid asks before closing without `force`; the sandbox closes either way.
        s.openPending = false;
        finishExit();
      },
      destroy: function () {
        s.destroyed = true;
        s.openPending = false;
        teardown();
      },
      submit: function () {
        /* Plaid's submit() feeds Layer flows; the sandbox has none. */
      }
    };
  }

  window.Plaid = {
    __sandbox: true,
    version: "sandbox",
    create: create
  };
})();
