import type { DataSource } from 'typeorm';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { hashPassword } from '../../modules/accounts/domain/passwords.js';
import type { InstituteRole } from '../../modules/accounts/domain/roles.js';
import { AuditRepository } from '../../modules/audit/audit.repository.js';
import { InstitutesRepository, type NewInstitute } from '../../modules/institutes/institutes.repository.js';

export const DEMO_PASSWORD = 'cascade-demo-2026';

const INSTITUTES: NewInstitute[] = [
  {
    slug: 'hub',
    name: 'Cascade Hub Institute for Educational Planning',
    country: 'FR',
    defaultLanguage: 'en',
    languages: ['en', 'fr'],
    isHub: true,
    branding: {
      primaryColour: '#0b5cad',
      secondaryColour: '#f3f6fa',
      logoUrl: null,
      signatories: [{ name: 'Amina Diallo', title: 'Director' }],
    },
  },
  {
    slug: 'sn-ifpe',
    name: 'Institut de formation en planification de l’éducation (Sénégal)',
    country: 'SN',
    defaultLanguage: 'fr',
    languages: ['fr', 'en'],
    isHub: false,
    branding: {
      primaryColour: '#00853f',
      secondaryColour: '#fdef42',
      logoUrl: null,
      signatories: [{ name: 'Moussa Ndiaye', title: 'Directeur' }],
    },
  },
  {
    slug: 'np-cept',
    name: 'Centre for Educational Planning and Training (Nepal)',
    country: 'NP',
    defaultLanguage: 'en',
    languages: ['en', 'ne'],
    isHub: false,
    branding: {
      primaryColour: '#dc143c',
      secondaryColour: '#003893',
      logoUrl: null,
      signatories: [{ name: 'Sita Sharma', title: 'Executive Director' }],
    },
  },
];

const PEOPLE: { email: string; fullName: string; platformAdmin?: boolean; roles: [string, InstituteRole][] }[] = [
  { email: 'platform.admin@demo.cascade.test', fullName: 'Platform Administrator', platformAdmin: true, roles: [] },
  { email: 'hub.admin@demo.cascade.test', fullName: 'Hana Okafor', roles: [['hub', 'admin']] },
  { email: 'admin@sn.demo.cascade.test', fullName: 'Awa Sow', roles: [['sn-ifpe', 'admin']] },
  { email: 'trainer@sn.demo.cascade.test', fullName: 'Ibrahima Fall', roles: [['sn-ifpe', 'trainer']] },
  { email: 'participant@sn.demo.cascade.test', fullName: 'Fatou Ba', roles: [['sn-ifpe', 'participant']] },
  { email: 'admin@np.demo.cascade.test', fullName: 'Ramesh Adhikari', roles: [['np-cept', 'admin']] },
  { email: 'trainer@np.demo.cascade.test', fullName: 'Gita Thapa', roles: [['np-cept', 'trainer']] },
  {
    email: 'participant@np.demo.cascade.test',
    fullName: 'Bikash Gurung',
    roles: [
      ['np-cept', 'participant'],
      ['sn-ifpe', 'participant'],
    ],
  },
];

export interface DemoLogin {
  email: string;
  description: string;
}

/** The demo institutes and people; re-runnable: what exists already is left as it is. */
export async function seedDemo(dataSource: DataSource): Promise<DemoLogin[]> {
  const institutes = new InstitutesRepository(dataSource);
  const accounts = new AccountsRepository(dataSource, new AuditRepository());
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return dataSource.transaction(async (manager) => {
    const ids = new Map<string, { id: string; name: string }>();
    for (const institute of INSTITUTES) {
      const { institute: row } = await institutes.ensureInstitute(manager, institute);
      ids.set(institute.slug, { id: row.id, name: row.name });
    }
    const logins: DemoLogin[] = [];
    for (const person of PEOPLE) {
      const { user } = await accounts.ensureUser(manager, {
        email: person.email,
        fullName: person.fullName,
        passwordHash,
        isPlatformAdmin: person.platformAdmin ?? false,
      });
      for (const [slug, role] of person.roles) {
        await accounts.grantRole(manager, { instituteId: ids.get(slug)!.id, userId: user.id, role, actorUserId: null });
      }
      const description = person.platformAdmin
        ? 'platform admin'
        : person.roles.map(([slug, role]) => `${role} at ${ids.get(slug)!.name}`).join('; ');
      logins.push({ email: person.email, description });
    }
    return logins;
  });
}
