/*
 * BaltMet Inno news widget.
 *
 *   <script src="https://<site>/embed/news.js" async></script>
 *   <baltmet-news portal="riga" limit="5" locale="en">
 *     <a href="https://<site>/news/">BaltMet Inno news</a>   (optional fallback)
 *   </baltmet-news>
 *
 * (The portal attribute was called partner before; that name still works.)
 *
 * Shows the partner portal's latest news as a list of links with dates, in
 * Shadow DOM: the host page's styles do not reach in (except inherited ones,
 * such as its font and colour, on purpose), and the widget's do not leak out.
 * Text from the CMS is only ever set with textContent. No cookies (fetch with
 * credentials "omit"), no eval, no inline script or style: the styles are a
 * constructed stylesheet, which a strict Content-Security-Policy allows. The
 * element's own children are its fallback, shown while the script is missing,
 * when no news matches, and if the news cannot be loaded.
 *
 * Styling hooks for the host: the parts list, item, image, link, date and
 * teaser (::part()), and the custom properties --baltmet-news-link-color,
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
    "  align-self: flex-start; object-fit: cover; border-radius: 3px; }",
    ".text { min-width: 0; }",
    "a { color: var(--baltmet-news-link-color, inherit); font-weight: 600;",
    "  text-decoration: underline; text-underline-offset: 0.15em; }",
    "a:hover { text-decoration-thickness: 2px; }",
    "a:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }",
    "time { display: block; font-size: 0.875em; }",
    "p { margin: 0.25em 0 0; }",
    "[aria-busy=true] { min-height: 1em; }"
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
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
      request.catch(function () {
        requests.delete(url);
      });
      requests.set(url, request);
    }
    return requests.get(url);
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

  function listItem(item) {
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
    text.appendChild(time);
    if (item.teaser) {
      text.appendChild(element("p", "teaser", item.teaser));
    }
    li.appendChild(text);
    return li;
  }

  class BaltmetNews extends HTMLElement {
    static get observedAttributes() {
      return ["portal", "partner", "limit", "locale"];
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
      return ORIGIN + "/embed/news.json?" + query.toString();
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
          if (data.locale) {
            list.lang = String(data.locale);
          }
          const items = Array.isArray(data.items) ? data.items : [];
          if (items.length === 0) {
            // An empty list says nothing; the host's own fallback says where the news is.
            this.shadowRoot.replaceChildren(document.createElement("slot"));
          } else {
            list.replaceChildren(...items.map(listItem));
            list.removeAttribute("aria-busy");
          }
          this.dispatchEvent(new CustomEvent("baltmet-news:loaded", { detail: { count: items.length } }));
        },
        (error) => {
          if (this.current === url) {
            this.fail(error && error.message);
          }
        }
      );
    }

    fail(reason) {
      // The host's own content inside the element, e.g. a link to the news.
      this.shadowRoot.replaceChildren(document.createElement("slot"));
      console.warn("<" + NAME + ">: no news (" + (reason || "unknown error") + ")");
      this.dispatchEvent(new CustomEvent("baltmet-news:failed", { detail: { reason: String(reason) } }));
    }
  }

  window.customElements.define(NAME, BaltmetNews);
})();
