/*
 * BaltMet Inno news widget.
 *
 *   <script src="https://<site>/embed/news.js" async></script>
 *   <baltmet-news portal="riga" limit="5" locale="en" lang="de">
 *     <a href="https://<site>/news/">BaltMet Inno news</a>   (optional fallback)
 *   </baltmet-news>
 *
 * (The portal attribute was called partner before; that name still works.)
 * lang is the language of the dates and messages; without it, the element's
 * own language as HTML defines it (the nearest lang attribute, usually the
 * host page's <html lang>). locale is the language of the news itself.
 *
 * Shows the partner portal's latest news as a list of links with dates, in
 * Shadow DOM: the host page's styles do not reach in (except inherited ones,
 * such as its font and colour, on purpose), and the widget's do not leak out.
 * Text from the CMS is only ever set with textContent. No cookies (fetch with
 * credentials "omit"), no eval, no inline script or style: the styles are a
 * constructed stylesheet, which a strict Content-Security-Policy allows. The
 * element's own children are its fallback, shown while the script is missing,
 * when no news matches, and if the news cannot be loaded. When the site
 * refuses the request (a page whose origin the portal has not registered, a
 * misspelt portal), the element says why above the fallback, for the page's
 * owner, and the console carries one line naming the setting to change.
 *
 * Styling hooks for the host: the parts list, item, image, link, date and
 * teaser, and error for the refusal (::part()), and the custom properties --baltmet-news-link-color,
 * --baltmet-news-rule-color and --baltmet-news-image-width.
 */
(function () {
  "use strict";

  const NAME = "baltmet-news";
  if (!window.customElements || window.customElements.get(NAME)) {
    return;
  }

  // Where this script came from is where the news comes from.
  const script = document.currentScript;
  const ORIGIN = new URL(script && script.src ? script.src : "/", location.href).origin;
  const DEFAULT_LIMIT = 5;
  const MAX_LIMIT = 20;

  const CSS = [
    ":host { display: block; font: inherit; color: inherit; }",
    ":host([hidden]) { display: none; }",
    "ul { list-style: none; margin: 0; padding: 0; }",
    "li { display: flex; gap: 0.75em; padding: 0.6em 0;",
    "  border-top: 1px solid var(--baltmet-news-rule-color, rgba(128, 128, 128, 0.4)); }",
    "li:first-child { border-top: 0; padding-top: 0; }",
    "img { flex: none; width: var(--baltmet-news-image-width, 6em); height: auto;",
    "  align-self: flex-start; object-fit: contain; border-radius: 3px; }",
    ".text { min-width: 0; }",
    "a { color: var(--baltmet-news-link-color, inherit); font-weight: 600;",
    "  text-decoration: underline; text-underline-offset: 0.15em; }",
    "a:hover { text-decoration-thickness: 2px; }",
    "a:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }",
    "time { display: block; font-size: 0.875em; }",
    "p { margin: 0.25em 0 0; }",
    "[aria-busy=true] { min-height: 1em; }",
    ".error { margin: 0 0 0.5em; padding: 0.5em 0.75em; border: 2px solid #a4262c;",
    "  border-radius: 3px; background: #fff; color: #1b1b1f; }"
  ].join("\n");

  let sheet = null;
  function stylesheet() {
    if (sheet === null) {
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      } catch (error) {
        // Browsers without constructable stylesheets get the unstyled list.
        sheet = false;
      }
    }
    return sheet;
  }

  // One request per address, however many elements on the page show it.
  const requests = new Map();
  function load(url) {
    if (!requests.has(url)) {
      const request = fetch(url, {
        credentials: "omit",
        mode: "cors",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        if (response.ok) {
          return response.json();
        }
        // The site's refusals are problem documents (RFC 9457) any page may read.
        return response.json().then(
          function (problem) {
            throw refusal(response.status, problem);
          },
          function () {
            throw new Error("HTTP " + response.status);
          }
        );
      });
      request.catch(function () {
        requests.delete(url);
      });
      requests.set(url, request);
    }
    return requests.get(url);
  }

  function refusal(status, problem) {
    const error = new Error(
      problem && problem.detail ? String(problem.detail) : "HTTP " + status
    );
    error.title = problem && problem.title ? String(problem.title) : "HTTP " + status;
    error.refused = true;
    return error;
  }

  function safeUrl(value) {
    try {
      const url = new URL(String(value), ORIGIN);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function element(tag, part, text) {
    const node = document.createElement(tag);
    if (part) {
      node.setAttribute("part", part);
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function listItem(item, lang) {
    const href = safeUrl(item.url);
    const li = element("li", "item");
    const image = item.image && safeUrl(item.image.url);
    if (image) {
      const img = element("img", "image");
      img.src = image;
      img.alt = "";
      img.loading = "lazy";
      img.decoding = "async";
      if (item.image.width && item.image.height) {
        img.width = item.image.width;
        img.height = item.image.height;
      }
      li.appendChild(img);
    }
    const text = element("div");
    text.className = "text";
    const link = element(href ? "a" : "span", "link", item.title);
    if (href) {
      link.href = href;
    }
    text.appendChild(link);
    const time = element("time", "date", item.date_text || item.date);
    if (item.date) {
      time.dateTime = String(item.date);
    }
    if (lang) {
      time.lang = lang;
    }
    text.appendChild(time);
    if (item.teaser) {
      text.appendChild(element("p", "teaser", item.teaser));
    }
    li.appendChild(text);
    return li;
  }

  class BaltmetNews extends HTMLElement {
    static get observedAttributes() {
      return ["portal", "partner", "limit", "locale", "lang"];
    }

    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: "open" });
        const css = stylesheet();
        if (css) {
          root.adoptedStyleSheets = [css];
        }
      }
      this.refresh();
    }

    attributeChangedCallback(name, before, after) {
      if (before !== after && this.shadowRoot) {
        this.refresh();
      }
    }

    address() {
      const portal = (
        this.getAttribute("portal") || this.getAttribute("partner") || ""
      ).trim();
      if (!portal) {
        return null;
      }
      let limit = parseInt(this.getAttribute("limit"), 10);
      limit = isNaN(limit) ? DEFAULT_LIMIT : Math.min(Math.max(limit, 1), MAX_LIMIT);
      const query = new URLSearchParams({ portal: portal, limit: String(limit) });
      const locale = (this.getAttribute("locale") || "").trim();
      if (locale) {
        query.set("locale", locale);
      }
      const lang = this.language();
      if (lang) {
        query.set("lang", lang);
      }
      return ORIGIN + "/embed/news.json?" + query.toString();
    }

    language() {
      // The element's language as HTML inherits it: its own lang attribute,
      // else its nearest ancestor's (the host page's <html lang>).
      const declared = this.closest("[lang]");
      return declared ? declared.getAttribute("lang").trim() : "";
    }

    refresh() {
      const url = this.address();
      this.current = url;
      const list = element("ul", "list");
      // Safari drops the list role of a list without bullets.
      list.setAttribute("role", "list");
      list.setAttribute("aria-busy", "true");
      this.shadowRoot.replaceChildren(list);
      if (!url) {
        this.fail("the portal attribute is missing");
        return;
      }
      load(url).then(
        (data) => {
          if (this.current !== url) {
            return;
          }
          const content = data.locale ? String(data.locale) : "";
          if (content) {
            list.lang = content;
          }
          // Dates are written in the requested language; mark them when the
          // news around them is in another.
          const lang = data.lang && String(data.lang) !== content ? String(data.lang) : "";
          const items = Array.isArray(data.items) ? data.items : [];
          if (items.length === 0) {
            // An empty list says nothing; the host's own fallback says where the news is.
            this.shadowRoot.replaceChildren(document.createElement("slot"));
          } else {
            list.replaceChildren(...items.map((item) => listItem(item, lang)));
            list.removeAttribute("aria-busy");
          }
          this.dispatchEvent(new CustomEvent("baltmet-news:loaded", { detail: { count: items.length } }));
        },
        (error) => {
          if (this.current === url) {
            this.fail(error && error.message, error && error.refused ? error.title : null);
          }
        }
      );
    }

    fail(reason, refusedAs) {
      // The host's own content inside the element, e.g. a link to the news.
      const fallback = document.createElement("slot");
      if (refusedAs) {
        // The site said no: a mistake in the page or the registry, which the
        // page's owner should see without opening the console.
        const notice = element("p", "error", refusedAs + ": " + reason);
        notice.className = "error";
        this.shadowRoot.replaceChildren(notice, fallback);
      } else {
        this.shadowRoot.replaceChildren(fallback);
      }
      console.warn("<" + NAME + ">: no news (" + (reason || "unknown error") + ")");
      this.dispatchEvent(new CustomEvent("baltmet-news:failed", { detail: { reason: String(reason) } }));
    }
  }

  window.customElements.define(NAME, BaltmetNews);
})();
