/** A literal for a regular expression, such as a Playwright --grep (tags and ids carry dots). */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
