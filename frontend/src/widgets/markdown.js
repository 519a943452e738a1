// Statements: Markdown with $…$ / $$…$$ math (KaTeX), sanitised by DOMPurify so
// that a setter's statement cannot run script in a contestant's browser.
import katexPlugin from "@vscode/markdown-it-katex";
import DOMPurify from "dompurify";
import "katex/dist/katex.min.css";
import MarkdownIt from "markdown-it";

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false }).use(katexPlugin.default || katexPlugin, {
  throwOnError: false,
});

// Links a statement carries open outside, without handing our page to them.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.getAttribute("href")) {
    node.setAttribute("rel", "noopener noreferrer nofollow");
    node.setAttribute("target", "_blank");
  }
});

/** Markdown (raw HTML allowed, as statements use it) to safe HTML. */
export function renderMarkdown(source) {
  return DOMPurify.sanitize(markdown.render(source || ""), {
    USE_PROFILES: { html: true, mathMl: true, svg: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select"],
  });
}

/** Puts rendered Markdown into `element`. */
export function showMarkdown(element, source) {
  element.innerHTML = renderMarkdown(source);
  return element;
}
