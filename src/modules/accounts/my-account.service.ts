import { Injectable } from '@nestjs/common';
import type { RequestViewer } from '../../common/auth/viewer.js';
import { SUPPORTED_LOCALES, supportedLocaleOf } from '../../infra/i18n/locales.js';
import { DomainError } from '../../common/domain-error.js';
import { InstitutesService } from '../institutes/institutes.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { rolesIn } from './domain/roles.js';

@Injectable()
export class MyAccountService {
  constructor(
    private readonly institutes: InstitutesService,
    private readonly accounts: AccountsRepository,
  ) {}

  /** Saves the interface language a person chose; anything but a supported locale is refused. */
  async choosePreferredLanguage(viewer: RequestViewer, language: string): Promise<void> {
    const locale = supportedLocaleOf(language);
    if (!locale || locale !== language.trim().toLowerCase())
      throw new DomainError('VALIDATION_FAILED', `language: ${language} is not one of ${SUPPORTED_LOCALES.join(', ')}`);
    await this.accounts.setPreferredLanguage(viewer.userId, locale);
  }

  async describe(viewer: RequestViewer) {
    const institutes = await this.institutes.listByIds([
      ...new Set(viewer.memberships.map((grant) => grant.instituteId)),
    ]);
    return {
      fullName: viewer.fullName,
      email: viewer.email,
      isPlatformAdmin: viewer.isPlatformAdmin,
      languages: SUPPORTED_LOCALES.map((code) => ({ code, selected: code === viewer.preferredLanguage })),
      institutes: institutes.map((institute) => ({
        name: institute.name,
        isHub: institute.isHub,
        roles: rolesIn(viewer, institute.id),
      })),
    };
  }
}
