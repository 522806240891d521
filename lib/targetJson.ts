// A target file's text as JSON. Written by people, often on Windows, whose editors may begin it with
// a byte order mark: RFC 8259 lets a parser ignore one, and JSON.parse does not, so every reader of
// the target file goes through here and none refuses it with an invisible "Unexpected token".
export function parseTargetText(text: string): unknown {
  return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
}
