// What the tests compare runs by: each requirement's status, by its id.
export const statusesOf = (requirements: readonly { id: string; status: string }[]): Record<string, string> =>
  Object.fromEntries(requirements.map((r) => [r.id, r.status]));
