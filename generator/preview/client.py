"""The browser's side of the preview, served as files (the site's policy allows no inline
script or style): the script that reloads the page when a rebuild finishes and marks the
paragraphs holding a new sentence, and the banner's stylesheet.

The script learns of a rebuild over Server-Sent Events (``/__drafts__/events``), passing the
build generation its page was served at, so a rebuild that ended while the page loaded still
reloads it. It reads the new sentences from the banner's hidden list as text and only adds a
class to existing elements: nothing from the story is ever parsed as HTML.
"""

from __future__ import annotations

RELOAD_JS = """\
(function () {
  "use strict";
  var banner = document.getElementById("drafts-preview");
  if (!banner || !window.EventSource) {
    return;
  }
  var served = banner.getAttribute("data-generation");
  var source = new EventSource("/__drafts__/events?since=" + encodeURIComponent(served));
  source.onmessage = function (event) {
    if (event.data !== served) {
      source.close();
      window.location.reload();
    }
  };

  function plain(text) {
    return text.replace(/[#*_`>\\\\]/g, "").replace(/\\s+/g, " ").trim();
  }
  var list = document.getElementById("drafts-new");
  var main = document.querySelector("main");
  if (!list || !main) {
    return;
  }
  var blocks = main.querySelectorAll("h1, h2, h3, p, li, dd, td, blockquote");
  Array.prototype.forEach.call(list.querySelectorAll("li"), function (item) {
    var sentence = plain(item.textContent);
    if (sentence.length < 12) {
      return;
    }
    Array.prototype.forEach.call(blocks, function (block) {
      if (block.closest("[hidden]") || plain(block.textContent).indexOf(sentence) < 0) {
        return;
      }
      block.classList.add("drafts-changed");
    });
  });
})();
"""

PREVIEW_CSS = """\
.drafts-preview {
  font: 0.95rem/1.4 system-ui, sans-serif;
  background: #fff3bf;
  color: #1a1a1a;
  border-bottom: 2px solid #8a6d00;
  padding: 0.5rem 1rem;
  overflow-wrap: anywhere;
}
.drafts-preview p {
  margin: 0.25rem 0;
}
.drafts-preview a {
  color: #0b4f9c;
}
.drafts-error {
  background: #ffe3e3;
  border-left: 4px solid #b00020;
  padding: 0.25rem 0.75rem;
  margin-top: 0.5rem;
}
.drafts-error pre {
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  font-size: 0.9rem;
}
.drafts-changed {
  outline: 3px solid #f0b400;
  outline-offset: 2px;
  background: #fff8db;
}
.drafts-changes main {
  max-width: 60rem;
  margin: 0 auto;
  padding: 1rem;
  font: 1rem/1.5 system-ui, sans-serif;
}
.drafts-changes small {
  font-weight: normal;
  color: #555;
}
.drafts-diff del {
  background: #ffe3e3;
  color: #7a0010;
}
.drafts-diff ins {
  background: #d3f9d8;
  color: #0b4a1a;
  text-decoration: none;
}
"""
