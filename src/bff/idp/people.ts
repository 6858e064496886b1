/** The made-up people of the embedded development identity provider; all of the demo tenant. */
export interface DemoPerson {
  /** The subject (`sub`) of their tokens; Finvis records it as the acting user. */
  id: string;
  name: string;
  roles: string[];
  /** How the login page presents the role, Swedish first. */
  title: string;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: 'usr_astrid_lindqvist',
    name: 'Astrid Lindqvist',
    roles: ['cfo'],
    title: 'Ekonomichef (CFO) — ser allt, attesterar inget',
  },
  {
    id: 'usr_bjorn_ekstrom',
    name: 'Björn Ekström',
    roles: ['approver'],
    title: 'Attestant (approver)',
  },
  {
    id: 'usr_cecilia_nyberg',
    name: 'Cecilia Nyberg',
    roles: ['approver'],
    title: 'Attestant (approver)',
  },
  {
    id: 'usr_david_holm',
    name: 'David Holm',
    roles: ['treasurer'],
    title: 'Likviditetsansvarig (treasurer) — betalningar och avstämning',
  },
  {
    id: 'usr_eva_sjoberg',
    name: 'Eva Sjöberg',
    roles: ['admin'],
    title: 'Administratör (administrator) — webhooks',
  },
];

export function findDemoPerson(id: string): DemoPerson | undefined {
  return DEMO_PEOPLE.find((person) => person.id === id);
}
