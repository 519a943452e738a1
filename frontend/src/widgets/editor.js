// The code editor (CodeMirror 6): a language picker's choice switches the mode,
// the theme follows the system's light or dark setting, and drafts are kept per
// problem and language in localStorage.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import { oneDark } from "@codemirror/theme-one-dark";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";

// Our language ids (queues/languages.py) -> their CodeMirror mode, each loaded
// (a chunk of its own) when first picked.
const MODES = {
  py3: () => import("@codemirror/lang-python").then((m) => m.python()),
  cpp17: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  c: () => import("@codemirror/lang-cpp").then((m) => m.cpp()),
  java: () => import("@codemirror/lang-java").then((m) => m.java()),
  go: () => import("@codemirror/lang-go").then((m) => m.go()),
  rust: () => import("@codemirror/lang-rust").then((m) => m.rust()),
  js: () => import("@codemirror/lang-javascript").then((m) => m.javascript()),
};
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");

export const modeFor = (language) => (MODES[language] || MODES.py3)();
// One Dark's coral and violet fall short of 4.5:1 contrast (WCAG AA) on its own
// background (#282c34): the same colours on a darker one.
const DARK_BACKGROUND = "#181a1f";
const darkerBackground = EditorView.theme({ "&": { backgroundColor: DARK_BACKGROUND }, ".cm-gutters": { backgroundColor: DARK_BACKGROUND } }, { dark: true });
const themeFor = () => (darkScheme.matches ? [darkerBackground, oneDark] : syntaxHighlighting(defaultHighlightStyle, { fallback: true }));

/**
 * An editor in `parent`. Options: doc, language, readOnly, label (its accessible
 * name), onChange(text), extensions (e.g. a collaboration binding), history (false
 * when the extensions bring their own undo, as Yjs' does).
 */
export function createEditor(parent, { doc = "", language = "py3", readOnly = false, label = "Source code", onChange, extensions = [], ownHistory = true } = {}) {
  const mode = new Compartment();
  const theme = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        ownHistory ? history() : [],
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...(ownHistory ? historyKeymap : []),
          ...completionKeymap,
          indentWithTab,
        ]),
        mode.of([]),
        theme.of(themeFor()),
        EditorState.readOnly.of(readOnly),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange(update.state.doc.toString());
        }),
        extensions,
      ],
    }),
  });
  darkScheme.addEventListener("change", () => view.dispatch({ effects: theme.reconfigure(themeFor()) }));
  let wanted = language;
  const setLanguage = async (id) => {
    wanted = id;
    const extension = await modeFor(id);
    if (wanted === id) view.dispatch({ effects: mode.reconfigure(extension) });
  };
  setLanguage(language);
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setLanguage,
    focus: () => view.focus(),
  };
}

const draftKey = (problemId, language) => `panda.draft.${problemId}.${language}`;

export const loadDraft = (problemId, language) => localStorage.getItem(draftKey(problemId, language));

export function saveDraft(problemId, language, text) {
  if (text.trim()) localStorage.setItem(draftKey(problemId, language), text);
  else localStorage.removeItem(draftKey(problemId, language));
}

export const lastLanguage = () => localStorage.getItem("panda.language");
export const rememberLanguage = (language) => localStorage.setItem("panda.language", language);
