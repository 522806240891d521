// Seed 004, the JAICP API catalogue: which API needs a token. The OpenAPI kind takes it as data
// (lib/openapi/catalogue.ts); a target-file section names its row (`"catalogue": "Project API"`).
//
// The page's table spans a cell over several rows: «Выпустите единый токен…» over Project, Channel
// and Reporter API, and «Токен не требуется.» over Operator, Model and Pushgate API (the text of
// the page keeps each cell once, on the first row of its span).
import type { Catalogue } from '../../lib/openapi/catalogue.ts';

const INTRO = 'Чтобы пользоваться API, получите токен в JAICP.';
const NO_TOKEN = 'Токен не требуется.';
const UNIFIED = 'Выпустите единый токен в разделе Доступ к API.';

/** Per API of the catalogue: the table's cell saying how its token is had. */
const HOW_TO_GET_A_TOKEN: Record<string, string> = {
  'Project API': UNIFIED,
  'Channel API': UNIFIED,
  'Reporter API': UNIFIED,
  'NLP Direct API': 'Скопируйте токен в настройках проекта.',
  'Chat API': 'Скопируйте токен в настройках канала Chat API.',
  'Prompter API': 'Скопируйте токен в настройках канала Prompter API.',
  'Calls API': 'Скопируйте токен на вкладке Обзвоны.',
  'Imputer API': 'Скопируйте токен на странице Гибридный синтез речи.',
  'Operator API': NO_TOKEN,
  'Model API': NO_TOKEN,
  'Pushgate API': NO_TOKEN,
};

export const JAICP_CATALOGUE: Catalogue = {
  seed: '004_d2616e2255e89e41.txt',
  entries: Object.fromEntries(
    Object.entries(HOW_TO_GET_A_TOKEN).map(([api, cell]) => {
      const needsToken = cell !== NO_TOKEN;
      return [api, { needsToken, quote: needsToken ? `${INTRO} ... ${api} — ${cell}` : `${api} — ${cell}` }];
    }),
  ),
};
