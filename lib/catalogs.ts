// Every API's requirement catalog, by API name: what the reporter lists and the fixtures look up.
import { aimylogicChatRequirements, jaicpChatRequirements } from '../specs/chat-api/requirements.ts';
import { ednaThreadsRequirements } from '../specs/edna-threads/requirements.ts';
import { liaRequirements } from '../specs/lia/requirements.ts';
import type { ApiName, Catalog, Requirement } from './requirements.ts';

const catalogs: Record<ApiName, Catalog> = {
  'jaicp-chat': jaicpChatRequirements,
  'aimylogic-chat': aimylogicChatRequirements,
  'edna-threads': ednaThreadsRequirements,
  lia: liaRequirements,
};

export function catalogOf(api: ApiName): Catalog {
  return catalogs[api];
}

export function allRequirements(): Requirement[] {
  return Object.values(catalogs).flatMap((c) => [...c.values()]);
}
