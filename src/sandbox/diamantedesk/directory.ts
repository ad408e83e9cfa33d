// Looking people up by typed id (`oro_3`, `diamante_12`), as UserService::getByUser does:
// agents are Oro users, customers Diamante users; any other type finds nobody.
import { parseTypedId, type AgentRecord, type CustomerRecord, type DiamantedeskState } from './state';

export function personOf(state: DiamantedeskState, typed: string): AgentRecord | CustomerRecord | undefined {
  const { type, id } = parseTypedId(typed);
  if (!/^\d+$/.test(id)) return undefined;
  if (type === 'oro') return state.agents.get(Number(id));
  if (type === 'diamante') return state.customers.get(Number(id));
  return undefined;
}

/** What TicketListener stores as reporter_email; undefined when the reporter does not exist. */
export function reporterEmailOf(state: DiamantedeskState, typed: string): string | undefined {
  return personOf(state, typed)?.email;
}
