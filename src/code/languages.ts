// What VS Code's language ids mean outside the editor: a file extension for a snippet saved
// as an attachment, and the info string a Markdown fence wants for highlighting. Most ids are
// already the name highlighters know; the table lists the ones that are not, plus the
// extension for each common language.

interface LanguageFacts {
  /** With the dot. */
  readonly extension: string;
  /** The fence info string, when it differs from the language id. */
  readonly fence?: string;
}

const LANGUAGES: Readonly<Record<string, LanguageFacts>> = {
  bat: { extension: '.bat', fence: 'batch' },
  c: { extension: '.c' },
  clojure: { extension: '.clj' },
  coffeescript: { extension: '.coffee' },
  cpp: { extension: '.cpp' },
  csharp: { extension: '.cs' },
  css: { extension: '.css' },
  csv: { extension: '.csv' },
  dart: { extension: '.dart' },
  diff: { extension: '.diff' },
  dockerfile: { extension: '.dockerfile' },
  dotenv: { extension: '.env' },
  elixir: { extension: '.ex' },
  erlang: { extension: '.erl' },
  fsharp: { extension: '.fs' },
  go: { extension: '.go' },
  graphql: { extension: '.graphql' },
  groovy: { extension: '.groovy' },
  haskell: { extension: '.hs' },
  html: { extension: '.html' },
  ini: { extension: '.ini' },
  java: { extension: '.java' },
  javascript: { extension: '.js' },
  javascriptreact: { extension: '.jsx', fence: 'jsx' },
  json: { extension: '.json' },
  jsonc: { extension: '.jsonc' },
  julia: { extension: '.jl' },
  kotlin: { extension: '.kt' },
  latex: { extension: '.tex' },
  less: { extension: '.less' },
  log: { extension: '.log' },
  lua: { extension: '.lua' },
  makefile: { extension: '.mk' },
  markdown: { extension: '.md' },
  'objective-c': { extension: '.m', fence: 'objectivec' },
  'objective-cpp': { extension: '.mm', fence: 'objectivec' },
  perl: { extension: '.pl' },
  php: { extension: '.php' },
  plaintext: { extension: '.txt', fence: '' },
  powershell: { extension: '.ps1' },
  properties: { extension: '.properties' },
  proto3: { extension: '.proto', fence: 'protobuf' },
  python: { extension: '.py' },
  r: { extension: '.r' },
  razor: { extension: '.cshtml' },
  ruby: { extension: '.rb' },
  rust: { extension: '.rs' },
  scala: { extension: '.scala' },
  scss: { extension: '.scss' },
  shellscript: { extension: '.sh', fence: 'sh' },
  sql: { extension: '.sql' },
  svelte: { extension: '.svelte' },
  swift: { extension: '.swift' },
  terraform: { extension: '.tf', fence: 'hcl' },
  toml: { extension: '.toml' },
  typescript: { extension: '.ts' },
  typescriptreact: { extension: '.tsx', fence: 'tsx' },
  vb: { extension: '.vb' },
  vue: { extension: '.vue' },
  xml: { extension: '.xml' },
  xsl: { extension: '.xsl' },
  yaml: { extension: '.yaml' },
};

// A language id is user-extensible (any extension can contribute one), so it is only used
// verbatim when it is a plain token that cannot break a fence line or a file name.
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9_+#.-]{0,39}$/;

/** The extension (with the dot) for a language id, or undefined when the id is not in the table. */
export function extensionForLanguage(languageId: string | undefined): string | undefined {
  return factsFor(languageId)?.extension;
}

/** The info string for a Markdown fence: '' for plain text or an id unsafe to write. */
export function fenceLanguage(languageId: string | undefined): string {
  if (languageId === undefined || !PLAIN_ID.test(languageId)) return '';
  return factsFor(languageId)?.fence ?? languageId;
}

// An own-property lookup, so ids such as "constructor" do not find Object.prototype members.
function factsFor(languageId: string | undefined): LanguageFacts | undefined {
  if (languageId === undefined || !Object.prototype.hasOwnProperty.call(LANGUAGES, languageId)) return undefined;
  return LANGUAGES[languageId];
}
